using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>The notice lifecycle and the call rules, as plain rules: no web host, no database.</summary>
public sealed class LifecycleAndCallTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static Notice Issue(Side side, GateState state, DateTimeOffset from, DateTimeOffset? issuedAt = null) =>
        Notice.Issue("torkham", side, new NoticeTerms(state, [Direction.PkToAf, Direction.AfToPk], ReasonCategory.Security, "why", from, null, false, null, []),
            [], [], "someone", issuedAt ?? from.AddHours(-30));

    [Fact]
    public void A_notice_is_announced_in_force_once_when_its_time_comes_and_its_status_is_derived_not_stored()
    {
        var scheduled = Issue(Side.PK, GateState.Closed, Now.AddHours(2));
        Assert.Empty(NoticeLifecycle.ComeIntoForce([scheduled], Now));
        Assert.Equal(NoticeStatus.Scheduled, GateTimeline.StatusOf(scheduled, [scheduled], Now, out _));

        var later = Now.AddHours(3);
        Assert.Same(scheduled, Assert.Single(NoticeLifecycle.ComeIntoForce([scheduled], later)));
        Assert.Equal(later, scheduled.InForceAt);
        Assert.Empty(NoticeLifecycle.ComeIntoForce([scheduled], later.AddHours(1)));

        var reopened = Issue(Side.PK, GateState.Open, later.AddHours(1));
        Assert.Equal(NoticeStatus.Superseded, GateTimeline.StatusOf(scheduled, [scheduled, reopened], later.AddHours(2), out var by));
        Assert.Same(reopened, by);
    }

    [Fact]
    public void An_unacknowledged_current_notice_is_escalated_once_and_a_superseded_or_acknowledged_one_never()
    {
        var after = TimeSpan.FromMinutes(60);
        var closed = Issue(Side.AF, GateState.Closed, Now.AddHours(-3), issuedAt: Now.AddHours(-3));
        var acknowledged = Issue(Side.PK, GateState.Restricted, Now.AddHours(-3), issuedAt: Now.AddHours(-3));
        acknowledged.Acknowledge(Side.AF, "af.liaison", Now.AddHours(-2));
        var old = Issue(Side.PK, GateState.Closed, Now.AddDays(-3), issuedAt: Now.AddDays(-3));
        var reopenedOld = Issue(Side.PK, GateState.Open, Now.AddDays(-2), issuedAt: Now.AddDays(-2));
        reopenedOld.Acknowledge(Side.AF, "af.liaison", Now.AddDays(-2));
        var fresh = Issue(Side.AF, GateState.Restricted, Now.AddHours(30), issuedAt: Now.AddMinutes(-10));
        Notice[] all = [closed, acknowledged, old, reopenedOld, fresh];

        // "old" is superseded by the reopening; "fresh" is not an hour old; "acknowledged" needs nobody chased.
        Assert.Equal([closed], NoticeLifecycle.Escalate(all, Now, after));
        Assert.Equal(Now, closed.EscalatedAt);
        Assert.Empty(NoticeLifecycle.Escalate(all, Now.AddMinutes(5), after));
        Assert.Equal([fresh], NoticeLifecycle.Escalate(all, Now.AddMinutes(51), after));
    }

    private static Crossing Torkham(GateHours? hours = null) => new()
    {
        Id = "torkham",
        Name = "Torkham",
        Sides =
        [
            new CrossingSide { CrossingId = "torkham", Side = Side.PK, Authority = "PK", TimeZone = "Asia/Karachi", Hours = hours },
            new CrossingSide { CrossingId = "torkham", Side = Side.AF, Authority = "AF", TimeZone = "Asia/Kabul", Hours = hours },
        ],
        Directions = [new CrossingDirection { CrossingId = "torkham", Direction = Direction.PkToAf, LanesOpen = 2, LanesMax = 4, PerishableShare = 0.5 }],
    };

    private static Truck Waiting(CargoCategory category, int number, DateTimeOffset? spoilsAt = null)
    {
        var truck = Truck.Register(new TruckRegistration("torkham", Direction.PkToAf, $"PES{number}", "PK", "Driver", "PK1234567", "Cargo", "080521", category, 1000m, 10000m, spoilsAt),
            "carrier", Now.AddHours(-10));
        truck.CheckIn(number, Now.AddHours(-10 + (number * 0.01)));
        return truck;
    }

    [Fact]
    public void A_call_takes_the_trucks_the_direction_lets_through_in_queue_order_and_carries_the_green_lane_credit()
    {
        var crossing = Torkham();
        var direction = crossing.DirectionOf(Direction.PkToAf);
        var general = Waiting(CargoCategory.General, 1);
        var rotten = Waiting(CargoCategory.Perishable, 2, spoilsAt: Now.AddMinutes(-1));
        var fresh = Waiting(CargoCategory.Perishable, 3, spoilsAt: Now.AddHours(5));
        var aid = Waiting(CargoCategory.Humanitarian, 4);
        var restricted = GateTimeline.StateOf([Issue(Side.AF, GateState.Restricted, Now.AddHours(-1))], Direction.PkToAf, Now);

        var called = CallRules.Call(crossing, direction, restricted, [general, rotten, fresh, aid], 5, "pk.officer.torkham", Now);

        // Restricted: humanitarian and perishable only; the spoiled perishable is not called.
        Assert.Equal([aid, fresh], called);
        Assert.All(called, t => Assert.Equal(TruckStatus.Called, t.Status));
        Assert.Equal(TruckStatus.Waiting, general.Status);
        Assert.Equal(TruckStatus.Waiting, rotten.Status);
    }

    [Fact]
    public void A_call_is_refused_while_the_direction_is_closed_or_the_crossing_outside_its_hours()
    {
        var closed = GateTimeline.StateOf([Issue(Side.PK, GateState.Closed, Now.AddHours(-1))], Direction.PkToAf, Now);
        var open = GateTimeline.StateOf([], Direction.PkToAf, Now);
        var truck = Waiting(CargoCategory.General, 1);

        var closure = Assert.Throws<StateConflictException>(() => CallRules.Call(Torkham(), Torkham().DirectionOf(Direction.PkToAf), closed, [truck], 1, "officer", Now));
        Assert.Contains("closed by PK", closure.Message);
        // 06:00 UTC is 11:00 in Karachi and 10:30 in Kabul: before a 13:00 opening on both sides.
        var afternoon = Torkham(new GateHours(new TimeOnly(13, 0), new TimeOnly(18, 0)));
        var outside = Assert.Throws<StateConflictException>(() => CallRules.Call(afternoon, afternoon.DirectionOf(Direction.PkToAf), open, [truck], 1, "officer", Now));
        // Kabul opens last: 13:00 there is 08:30 UTC.
        Assert.Contains("next open from 2026-11-28 08:30Z", outside.Message);
        Assert.Equal(TruckStatus.Waiting, truck.Status);
    }
}
