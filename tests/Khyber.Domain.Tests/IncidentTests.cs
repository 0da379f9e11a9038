using Khyber.Domain.Incidents;

namespace Khyber.Domain.Tests;

public sealed class IncidentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static IncidentDraft Valid(params CasualtyDraft?[] casualties) =>
        new("torkham", "PK", Now.AddHours(-3), "exchange-of-fire", casualties, "Fire exchanged at the zero point.");

    [Fact]
    public void A_valid_report_parses_side_category_and_casualties()
    {
        var errors = new FieldErrors();
        var report = IncidentRules.Validate(Valid(new CasualtyDraft("PK", "personnel", 0, 1), new CasualtyDraft("AF", "civilian", 1, 2)), Now, errors);
        Assert.False(errors.Any, string.Join("; ", errors.All));
        Assert.Equal(Side.PK, report!.Side);
        Assert.Equal(IncidentCategory.ExchangeOfFire, report.Category);
        Assert.Equal([new CasualtyCount(Side.PK, CasualtyKind.Personnel, 0, 1), new CasualtyCount(Side.AF, CasualtyKind.Civilian, 1, 2)], report.Casualties);
    }

    [Theory]
    [InlineData("casualties[0].side", "XX", "personnel", 0, 1)]
    [InlineData("casualties[0].kind", "PK", "soldier", 0, 1)]
    [InlineData("casualties[0].killed", "PK", "personnel", -1, 1)]
    [InlineData("casualties[0].injured", "PK", "personnel", 0, 10_001)]
    [InlineData("casualties[0]", "PK", "personnel", 0, 0)]
    public void Each_casualty_rule_names_its_field(string field, string side, string kind, int killed, int injured)
    {
        var errors = new FieldErrors();
        Assert.Null(IncidentRules.Validate(Valid(new CasualtyDraft(side, kind, killed, injured)), Now, errors));
        Assert.Equal([field], errors.All.Select(e => e.Field));
    }

    [Fact]
    public void The_same_side_and_kind_may_not_be_counted_twice()
    {
        var errors = new FieldErrors();
        Assert.Null(IncidentRules.Validate(Valid(new CasualtyDraft("PK", "personnel", 0, 1), new CasualtyDraft("pk", "personnel", 1, 0)), Now, errors));
        Assert.Equal(["casualties[1]"], errors.All.Select(e => e.Field));
    }

    [Fact]
    public void An_incident_in_the_future_or_of_an_unknown_category_is_refused()
    {
        var errors = new FieldErrors();
        Assert.Null(IncidentRules.Validate(Valid() with { OccurredAt = Now.AddHours(1), Category = "3" }, Now, errors));
        Assert.Equal(["occurredAt", "category"], errors.All.Select(e => e.Field));
    }

    [Fact]
    public void The_other_side_responds_and_a_later_response_amends_the_first()
    {
        var incident = new Incident
        {
            Id = Guid.NewGuid(),
            CrossingId = "torkham",
            Side = Side.PK,
            OccurredAt = Now,
            Category = IncidentCategory.ExchangeOfFire,
            Description = "Fire.",
            LoggedAt = Now,
            LoggedBy = "pk.officer.torkham",
        };
        Assert.Null(incident.Stance);
        Assert.Throws<StateConflictException>(() => incident.Respond(Side.PK, ResponseStance.Acknowledge, "Ours.", "pk.liaison", Now));
        incident.Respond(Side.AF, ResponseStance.Acknowledge, "We confirm an exchange of fire.", "af.liaison", Now);
        incident.Respond(Side.AF, ResponseStance.Dispute, "Having investigated: Pakistani forces fired first.", "af.liaison", Now.AddHours(5));
        Assert.Equal(ResponseStance.Dispute, incident.Stance);
        Assert.Equal([1, 2], incident.Responses.Select(r => r.Number));
    }
}
