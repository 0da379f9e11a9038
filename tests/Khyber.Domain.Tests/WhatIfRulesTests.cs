using Khyber.Domain;
using Khyber.Domain.Forecasts;

namespace Khyber.Domain.Tests;

/// <summary>What-if plans: at most four, each named once and each a change, every value in its range.</summary>
public sealed class WhatIfRulesTests
{
    private static WhatIfDraft Plan(string? name = "plan", int? lanes = null, bool? hours24 = null, double? capacity = null, string? policy = null, double? share = null, double? closure = null) =>
        new(name, lanes, hours24, capacity, policy, share, closure);

    private static (IReadOnlyList<WhatIf>? Plans, IReadOnlyList<string> Fields) Check(params WhatIfDraft?[] drafts)
    {
        var errors = new FieldErrors();
        var plans = WhatIfRules.Validate(drafts, 720, errors);
        return (plans, [.. errors.All.Select(e => e.Field).Distinct()]);
    }

    [Fact]
    public void Four_named_plans_each_changing_something_are_taken_as_sent()
    {
        var (plans, fields) = Check(Plan(" more lanes ", lanes: 5), Plan("24 h", hours24: true), Plan("green", policy: "green-lane", share: 0.8), Plan("sooner", closure: 0));

        Assert.Empty(fields);
        Assert.Equal(["more lanes", "24 h", "green", "sooner"], plans!.Select(p => p.Name));
        Assert.True(plans![1].Hours24);
        Assert.Equal(0, plans![3].ClosureHours);
    }

    [Fact]
    public void Categories_let_through_are_read_by_their_words_and_each_wrong_one_is_named()
    {
        var (plans, fields) = Check(Plan("aid and fruit", lanes: null) with { LetThrough = ["perishable", "humanitarian"] });
        Assert.Empty(fields);
        Assert.Equal([Trucks.CargoCategory.Perishable, Trucks.CargoCategory.Humanitarian], plans![0].LetThrough);

        var (refused, wrong) = Check(Plan("a", lanes: 3) with { LetThrough = ["perishable", "fruit", null, "Perishable"] });
        Assert.Null(refused);
        Assert.Equal(["alternatives[0].letThrough[1]", "alternatives[0].letThrough[2]", "alternatives[0].letThrough[3]"], wrong);

        // An empty list lets nothing through: alone, it is no change.
        Assert.Equal(["alternatives[0]"], Check(Plan("none") with { LetThrough = [] }).Fields);
    }

    [Fact]
    public void No_plans_is_no_comparison() => Assert.Empty(WhatIfRules.Validate(null, 720, new FieldErrors())!);

    [Fact]
    public void Five_plans_are_too_many() =>
        Assert.Contains("alternatives", Check([.. Enumerable.Range(1, 5).Select(i => Plan($"p{i}", lanes: i))]).Fields);

    [Theory]
    [InlineData("alternatives[0]", null, null, null, null, null, null)]
    [InlineData("alternatives[0]", null, false, null, null, null, null)]
    [InlineData("alternatives[0].lanes", 0, null, null, null, null, null)]
    [InlineData("alternatives[0].capacityPerLanePerHour", null, null, 0.0, null, null, null)]
    [InlineData("alternatives[0].capacityPerLanePerHour", null, null, 120.5, null, null, null)]
    [InlineData("alternatives[0].policy", null, null, null, "priority", null, null)]
    [InlineData("alternatives[0].greenLaneShare", null, null, null, null, 0.0, null)]
    [InlineData("alternatives[0].greenLaneShare", null, null, null, null, 1.01, null)]
    [InlineData("alternatives[0].closureHours", null, null, null, null, null, -1.0)]
    [InlineData("alternatives[0].closureHours", null, null, null, null, null, 720.5)]
    public void A_plan_changing_nothing_or_out_of_range_is_refused_by_field(string field, int? lanes, bool? hours24, double? capacity, string? policy, double? share, double? closure)
    {
        var (plans, fields) = Check(Plan(lanes: lanes, hours24: hours24, capacity: capacity, policy: policy, share: share, closure: closure));

        Assert.Null(plans);
        Assert.Equal([field], fields);
    }

    [Fact]
    public void Names_are_required_short_and_unique_and_as_planned_is_the_forecasts_own()
    {
        Assert.Equal(["alternatives[0].name"], Check(Plan(name: " ", lanes: 2)).Fields);
        Assert.Equal(["alternatives[0].name"], Check(Plan(name: new string('x', 61), lanes: 2)).Fields);
        Assert.Equal(["alternatives[1].name"], Check(Plan("More", lanes: 2), Plan("more", lanes: 3)).Fields);
        Assert.Equal(["alternatives[0].name"], Check(Plan("As Planned", lanes: 2)).Fields);
        Assert.Equal(["alternatives[0]"], Check((WhatIfDraft?)null).Fields);
    }
}
