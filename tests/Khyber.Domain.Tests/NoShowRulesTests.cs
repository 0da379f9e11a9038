using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>Closures are not the driver's fault: a called truck's no-show deadline stands still while its way is shut.</summary>
public sealed class NoShowRulesTests
{
    private static readonly DateTimeOffset CalledAt = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Allowed = TimeSpan.FromMinutes(20);

    private static Notice Gate(Side side, GateState state, DateTimeOffset from, params CargoCategory[] allowed) =>
        Notice.Issue("torkham", side, new NoticeTerms(state, [Direction.PkToAf], ReasonCategory.Security, state == GateState.Open ? null : "why", from, null, false, null, [.. allowed]),
            [], [], "officer", from.AddMinutes(-1));

    private static Truck Called(CargoCategory category = CargoCategory.General)
    {
        var truck = Truck.Register(new TruckRegistration("torkham", Direction.PkToAf, "PES1234", "PK", "Driver", "PK1234567", "Cargo", "080521", category, 1000m, 10000m, null),
            "carrier", CalledAt.AddHours(-2));
        truck.CheckIn(1, CalledAt.AddHours(-1));
        truck.Call("pk.officer.torkham", CalledAt);
        return truck;
    }

    [Fact]
    public void Closed_five_minutes_after_the_call_and_reopened_a_day_later_is_not_a_no_show_and_the_deadline_counts_from_the_reopening()
    {
        var truck = Called();
        var reopening = CalledAt.AddMinutes(5).AddDays(1);
        Notice[] notices = [Gate(Side.AF, GateState.Closed, CalledAt.AddMinutes(5)), Gate(Side.AF, GateState.Open, reopening)];

        var closed = NoShowRules.Judge(truck, notices, Allowed, CalledAt.AddHours(3));
        Assert.False(closed.Missed);
        Assert.Equal(CalledAt.AddMinutes(5), closed.SuspendedSince);
        Assert.Null(closed.Deadline);

        var reopened = NoShowRules.Judge(truck, notices, Allowed, reopening.AddMinutes(19));
        Assert.False(reopened.Missed);
        Assert.Null(reopened.SuspendedSince);
        Assert.Equal(reopening, reopened.CountsFrom);
        Assert.Equal(reopening + Allowed, reopened.Deadline);

        // At the deadline itself the driver still has time; a minute past it he has missed it.
        Assert.False(NoShowRules.Judge(truck, notices, Allowed, reopening + Allowed).Missed);
        Assert.True(NoShowRules.Judge(truck, notices, Allowed, reopening.AddMinutes(21)).Missed);
    }

    [Fact]
    public void A_closure_after_the_deadline_ran_out_does_not_save_the_truck()
    {
        var truck = Called();
        Notice[] notices = [Gate(Side.PK, GateState.Closed, CalledAt.AddMinutes(25))];

        var clock = NoShowRules.Judge(truck, notices, Allowed, CalledAt.AddMinutes(30));

        Assert.True(clock.Missed);
        Assert.Equal(CalledAt, clock.CountsFrom);
    }

    [Fact]
    public void A_closure_that_began_and_ended_between_two_ticks_still_restarts_the_deadline_from_its_reopening()
    {
        var truck = Called();
        Notice[] notices = [Gate(Side.AF, GateState.Closed, CalledAt.AddMinutes(15)), Gate(Side.AF, GateState.Open, CalledAt.AddMinutes(18))];

        var clock = NoShowRules.Judge(truck, notices, Allowed, CalledAt.AddMinutes(30));

        Assert.False(clock.Missed);
        Assert.Equal(CalledAt.AddMinutes(18), clock.CountsFrom);
        Assert.Equal(CalledAt.AddMinutes(38), clock.Deadline);
    }

    [Fact]
    public void A_second_closure_before_the_restarted_deadline_suspends_it_again()
    {
        var truck = Called();
        Notice[] notices =
        [
            Gate(Side.AF, GateState.Closed, CalledAt.AddMinutes(5)), Gate(Side.AF, GateState.Open, CalledAt.AddHours(2)),
            Gate(Side.PK, GateState.Closed, CalledAt.AddHours(2).AddMinutes(10)),
        ];

        var clock = NoShowRules.Judge(truck, notices, Allowed, CalledAt.AddHours(5));

        Assert.False(clock.Missed);
        Assert.Equal(CalledAt.AddHours(2), clock.CountsFrom);
        Assert.Equal(CalledAt.AddHours(2).AddMinutes(10), clock.SuspendedSince);
    }

    [Fact]
    public void A_restriction_suspends_the_deadline_only_of_the_cargo_it_turns_away()
    {
        Notice[] notices = [Gate(Side.AF, GateState.Restricted, CalledAt.AddMinutes(5), CargoCategory.Humanitarian, CargoCategory.Perishable)];

        var general = NoShowRules.Judge(Called(CargoCategory.General), notices, Allowed, CalledAt.AddHours(1));
        var aid = NoShowRules.Judge(Called(CargoCategory.Humanitarian), notices, Allowed, CalledAt.AddHours(1));

        Assert.False(general.Missed);
        Assert.Equal(CalledAt.AddMinutes(5), general.SuspendedSince);
        Assert.True(aid.Missed);
    }

    [Fact]
    public void The_truck_keeps_where_its_deadline_counts_from_until_it_is_sent_to_the_back()
    {
        var truck = Called();
        Assert.Equal(CalledAt, truck.NoShowCountsFrom);

        truck.SuspendNoShow(CalledAt.AddMinutes(5), CalledAt.AddMinutes(6));
        Assert.Equal(CalledAt.AddMinutes(5), truck.NoShowSuspendedSince);

        var reopening = CalledAt.AddDays(1);
        truck.RestartNoShow(reopening, reopening.AddSeconds(30));
        Assert.Equal(reopening, truck.NoShowCountsFrom);
        Assert.Null(truck.NoShowSuspendedSince);

        truck.SendToBack(2, reopening.AddMinutes(21));
        Assert.Null(truck.NoShowCountsFrom);
        Assert.Throws<StateConflictException>(() => truck.SuspendNoShow(reopening, reopening));
    }

    [Fact]
    public void Without_any_change_of_the_gates_the_deadline_is_the_call_plus_the_time_allowed()
    {
        var clock = NoShowRules.Judge(Called(), [], Allowed, CalledAt.AddMinutes(19));
        Assert.False(clock.Missed);
        Assert.Equal(CalledAt + Allowed, clock.Deadline);
        Assert.True(NoShowRules.Judge(Called(), [], Allowed, CalledAt.AddMinutes(21)).Missed);
    }
}
