using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

public sealed class GateAndNoticeTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static Notice Notice(Side side, GateState state, DateTimeOffset from, params Direction[] directions) => new()
    {
        Id = Guid.NewGuid(),
        CrossingId = "torkham",
        Side = side,
        GateState = state,
        Directions = directions.Length == 0 ? [Direction.PkToAf, Direction.AfToPk] : [.. directions],
        ReasonCategory = ReasonCategory.Security,
        Reason = "reason",
        EffectiveFrom = from,
        IssuedAt = from.AddMinutes(-1),
        IssuedBy = "someone",
    };

    [Fact]
    public void A_direction_flows_only_where_both_gates_let_it()
    {
        var afClosed = Notice(Side.AF, GateState.Closed, Now.AddHours(-1));
        var state = GateTimeline.StateOf([afClosed], Direction.PkToAf, Now);
        Assert.Equal(GateState.Closed, state.State);
        Assert.Same(afClosed, state.Cause);

        var pkRestricted = Notice(Side.PK, GateState.Restricted, Now.AddHours(-2));
        var restricted = GateTimeline.StateOf([pkRestricted], Direction.AfToPk, Now);
        Assert.Equal(GateState.Restricted, restricted.State);
        Assert.True(restricted.Lets(CargoCategory.Perishable));
        Assert.False(restricted.Lets(CargoCategory.General));
    }

    [Fact]
    public void A_notice_governs_only_from_its_effective_time_and_only_its_directions()
    {
        var later = Notice(Side.PK, GateState.Closed, Now.AddHours(5), Direction.PkToAf);
        Assert.Equal(GateState.Open, GateTimeline.StateOf([later], Direction.PkToAf, Now).State);
        Assert.Equal(GateState.Closed, GateTimeline.StateOf([later], Direction.PkToAf, Now.AddHours(5)).State);
        Assert.Equal(GateState.Open, GateTimeline.StateOf([later], Direction.AfToPk, Now.AddHours(5)).State);
    }

    [Fact]
    public void A_notice_is_superseded_only_when_every_direction_it_covers_has_a_newer_one()
    {
        var both = Notice(Side.PK, GateState.Closed, Now.AddHours(-3));
        var oneReopened = Notice(Side.PK, GateState.Open, Now.AddHours(-2), Direction.PkToAf);
        Assert.Equal(NoticeStatus.InForce, GateTimeline.StatusOf(both, [both, oneReopened], Now, out _));

        var otherReopened = Notice(Side.PK, GateState.Open, Now.AddHours(-1), Direction.AfToPk);
        Assert.Equal(NoticeStatus.Superseded, GateTimeline.StatusOf(both, [both, oneReopened, otherReopened], Now, out var by));
        Assert.Same(otherReopened, by);
    }

    [Fact]
    public void Only_the_other_side_acknowledges_and_only_once()
    {
        var notice = Notice(Side.AF, GateState.Closed, Now);
        Assert.Throws<StateConflictException>(() => notice.Acknowledge(Side.AF, "af.liaison", Now));
        notice.Acknowledge(Side.PK, "pk.liaison", Now);
        Assert.Throws<StateConflictException>(() => notice.Acknowledge(Side.PK, "pk.liaison", Now));
        Assert.Equal("pk.liaison", notice.AcknowledgedBy);
    }

    [Theory]
    [InlineData(GateState.Closed, 2, false, "x", "emergency")]
    [InlineData(GateState.Closed, 2, true, null, "emergencyJustification")]
    [InlineData(GateState.Closed, 30, false, null, null)]
    [InlineData(GateState.Open, 0, false, null, null)]
    [InlineData(GateState.Restricted, 0, true, "armed clash", null)]
    public void Closing_sooner_than_the_minimum_notice_is_an_emergency_that_must_be_justified(GateState state, int hoursAhead, bool emergency, string? justification, string? field)
    {
        var draft = new NoticeDraft(Kebab.Word(state.ToString()), ["PK-AF"], "security", state == GateState.Open ? null : "why", Now.AddHours(hoursAhead), null, emergency, justification, []);
        var errors = new FieldErrors();
        var terms = NoticeRules.Validate(draft, minimumNoticeHours: 24, Now, errors);
        Assert.Equal(field, errors.All.SingleOrDefault()?.Field);
        Assert.Equal(field is null, terms is not null);
    }

    [Fact]
    public void A_valid_draft_becomes_typed_trimmed_terms()
    {
        var draft = new NoticeDraft("Restricted", ["pk-af", "AF-PK"], "commitment-dispute", "  Only the green lane passes.  ", Now.AddHours(30), Now.AddHours(40), null, null, ["perishable"]);
        var errors = new FieldErrors();
        var terms = NoticeRules.Validate(draft, minimumNoticeHours: 24, Now, errors);
        Assert.False(errors.Any, string.Join("; ", errors.All));
        Assert.Equal(GateState.Restricted, terms!.GateState);
        Assert.Equal([Direction.PkToAf, Direction.AfToPk], terms.Directions);
        Assert.Equal(ReasonCategory.CommitmentDispute, terms.ReasonCategory);
        Assert.Equal("Only the green lane passes.", terms.Reason);
        Assert.Equal([Trucks.CargoCategory.Perishable], terms.AllowedCategories);
        Assert.False(terms.Emergency);
    }

    [Fact]
    public void Fields_that_cannot_be_read_are_all_named_and_the_policy_is_not_judged_on_them()
    {
        var draft = new NoticeDraft("shut", ["PK-AF", "north"], "politics", null, null, null, null, null, ["fruit"]);
        var errors = new FieldErrors();
        Assert.Null(NoticeRules.Validate(draft, minimumNoticeHours: 24, Now, errors));
        Assert.Equal(["gateState", "directions[1]", "reasonCategory", "effectiveFrom", "allowedCategories[0]"], errors.All.Select(e => e.Field));
    }

    [Theory]
    [InlineData("closed", true)]
    [InlineData("CLOSED", true)]
    [InlineData("exchange-of-fire", false)]
    [InlineData("clo-sed", false)]
    [InlineData("2", false)]
    [InlineData("open,closed", false)]
    public void Enum_words_are_read_exactly_in_any_case_and_nothing_else(string text, bool read)
    {
        Assert.Equal(read, Kebab.TryParse<GateState>(text, out var state));
        Assert.Equal(read ? GateState.Closed : default, state);
        Assert.True(Kebab.TryParse<Incidents.IncidentCategory>("Exchange-Of-Fire", out var category));
        Assert.Equal(Incidents.IncidentCategory.ExchangeOfFire, category);
        Assert.False(Kebab.TryParse<Incidents.IncidentCategory>("exchangeoffire", out _));
    }
}
