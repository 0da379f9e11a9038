using Khyber.Domain.Crossings;

namespace Khyber.Domain.Tests;

/// <summary>An administrator's crossing, checked field by field: every wrong field named, a right one made into terms.</summary>
public sealed class CrossingRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static SideDraft Pk(string? opens = "08:00", string? closes = "17:00", bool? overnight = null, string zone = "Asia/Karachi", bool? roundTheClock = null) =>
        new("PK", "Pakistan — Ghulam Khan", zone, roundTheClock, opens, closes, overnight);

    private static SideDraft Af(string? opens = "08:00", string? closes = "17:00") => new("AF", "Afghanistan — Ghulam Khan", "Asia/Kabul", null, opens, closes, null);

    private static DirectionDraft Lanes(string direction, int lanesOpen = 2, int lanesMax = 3, double perLane = 4, double share = 0.4) =>
        new(direction, lanesOpen, lanesMax, perLane, share, 48);

    private static CrossingDraft Draft(SideDraft? pk = null, DirectionDraft? pkAf = null) =>
        new("Ghulam Khan", 24, 20, [pk ?? Pk(), Af()], [pkAf ?? Lanes("PK-AF"), Lanes("AF-PK")]);

    private static (CrossingTerms? Terms, FieldErrors Errors) Check(CrossingDraft draft)
    {
        var errors = new FieldErrors();
        return (CrossingRules.Validate(draft, Now, errors), errors);
    }

    [Fact]
    public void A_valid_crossing_becomes_terms_with_both_sides_hours_on_their_own_clocks()
    {
        var (terms, errors) = Check(Draft());
        Assert.Empty(errors.All);
        Assert.NotNull(terms);
        Assert.Equal([Side.PK, Side.AF], terms.Sides.Select(s => s.Side));
        Assert.Equal(new GateHours(new TimeOnly(8, 0), new TimeOnly(17, 0)), terms.Sides[0].Hours);
        Assert.Equal("Asia/Kabul", terms.Sides[1].TimeZone);
        Assert.Equal([Direction.PkToAf, Direction.AfToPk], terms.Directions.Select(d => d.Direction));

        var crossing = Crossing.Create("ghulam-khan", terms, Now);
        Assert.Equal((2, 3, 8.0), (crossing.DirectionOf(Direction.PkToAf).LanesOpen, crossing.DirectionOf(Direction.PkToAf).LanesMax, crossing.DirectionOf(Direction.PkToAf).CapacityPerHour));
        Assert.True(crossing.IsOperating(Now));
    }

    [Theory]
    [InlineData("torkham", true)]
    [InlineData("ghulam-khan", true)]
    [InlineData("a1", true)]
    [InlineData("ghulam khan", false)]
    [InlineData("Torkham", false)]
    [InlineData("t", false)]
    [InlineData("-torkham", false)]
    [InlineData("torkham-", false)]
    [InlineData("طورخم", false)]
    [InlineData("", false)]
    public void An_id_is_a_slug_of_2_to_64_lower_case_letters_digits_and_hyphens(string id, bool valid)
    {
        var errors = new FieldErrors();
        Assert.Equal(valid, CrossingRules.CheckId(id, errors));
        Assert.Equal(valid, errors.All.Count == 0);
        Assert.True(CrossingRules.CheckId(new string('a', 64), new FieldErrors()));
        Assert.False(CrossingRules.CheckId(new string('a', 65), new FieldErrors()));
    }

    public static TheoryData<string, CrossingDraft, string> BadDrafts => new()
    {
        { "unknown time zone", Draft(pk: Pk(zone: "Asia/Peshawar")), "sides[0].timeZone" },
        { "Windows time zone name", Draft(pk: Pk(zone: "Pakistan Standard Time")), "sides[0].timeZone" },
        { "closing before opening", Draft(pk: Pk("19:00", "07:00")), "sides[0].closesAt" },
        { "closing when opening", Draft(pk: Pk("07:00", "07:00")), "sides[0].closesAt" },
        { "overnight that is not", Draft(pk: Pk("07:00", "19:00", overnight: true)), "sides[0].overnight" },
        { "a time that is not hh:mm", Draft(pk: Pk("7am", "17:00")), "sides[0].opensAt" },
        { "25:00", Draft(pk: Pk("08:00", "25:00")), "sides[0].closesAt" },
        { "hours missing", Draft(pk: Pk(null, null)), "sides[0].opensAt" },
        { "round the clock with hours", Draft(pk: Pk(roundTheClock: true)), "sides[0].roundTheClock" },
        { "lanes open above maximum", Draft(pkAf: Lanes("PK-AF", lanesOpen: 4, lanesMax: 3)), "directions[0].lanesOpen" },
        { "negative capacity", Draft(pkAf: Lanes("PK-AF", perLane: -4)), "directions[0].trucksPerLanePerHour" },
        { "share above 1", Draft(pkAf: Lanes("PK-AF", share: 1.5)), "directions[0].perishableShare" },
        { "an unknown direction", Draft(pkAf: Lanes("PK-IN")), "directions[0].direction" },
        { "a direction twice", new CrossingDraft("X", 24, 20, [Pk(), Af()], [Lanes("PK-AF"), Lanes("PK-AF")]), "directions[1].direction" },
        { "one side only", new CrossingDraft("X", 24, 20, [Pk()], [Lanes("PK-AF"), Lanes("AF-PK")]), "sides" },
        { "a side twice", new CrossingDraft("X", 24, 20, [Pk(), Pk()], [Lanes("PK-AF"), Lanes("AF-PK")]), "sides[1].country" },
        { "hours that never meet", new CrossingDraft("X", 24, 20, [Pk("07:00", "09:00"), Af("10:00", "12:00")], [Lanes("PK-AF"), Lanes("AF-PK")]), "sides" },
        { "no name", Draft() with { Name = " " }, "name" },
        { "no-show of 0 minutes", Draft() with { NoShowMinutes = 0 }, "noShowMinutes" },
        { "negative notice", Draft() with { MinimumNoticeHours = -1 }, "minimumNoticeHours" },
    };

    [Theory]
    [MemberData(nameof(BadDrafts))]
    public void A_wrong_field_is_named_and_gives_no_terms(string @case, CrossingDraft draft, string field)
    {
        var (terms, errors) = Check(draft);
        Assert.Null(terms);
        Assert.True(errors.All.Any(e => e.Field == field), $"{@case}: {string.Join("; ", errors.All.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Fact]
    public void An_overnight_window_needs_saying_so_and_closing_at_midnight_does_not()
    {
        Assert.NotNull(Check(Draft(pk: Pk("22:00", "06:00", overnight: true), pkAf: null) with
        {
            Sides = [Pk("22:00", "06:00", overnight: true), new SideDraft("AF", "Afghanistan", "Asia/Kabul", true, null, null, null)],
        }).Terms);
        Assert.NotNull(Check(Draft(pk: Pk("07:00", "00:00"))).Terms);
        Assert.NotNull(Check(Draft(pk: Pk(roundTheClock: true, opens: null, closes: null))).Terms);
    }
}
