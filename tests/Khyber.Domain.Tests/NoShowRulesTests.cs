using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>Closures are not the driver's fault: a called truck's no-show deadline stands still while its way is shut.</summary>
public sealed class NoShowRulesTests
{
    private static readonly DateTimeOffset CalledAt = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Allowed = TimeSpan.FromMinutes(20);

    /// <summary>Torkham with a 20-minute no-show time, round the clock unless given hours (the same local hours on both sides).</summary>
    private static Crossing Torkham(GateHours? hours = null) => new()
    {
        Id = "torkham",
        Name = "Torkham",
        NoShowMinutes = 20,
        Sides =
        [
            new CrossingSide { CrossingId = "torkham", Side = Side.PK, Authority = "PK", TimeZone = "Asia/Karachi", Hours = hours },
            new CrossingSide { CrossingId = "torkham", Side = Side.AF, Authority = "AF", TimeZone = "Asia/Kabul", Hours = hours },
        ],
        Directions = [new CrossingDirection { CrossingId = "torkham", Direction = Direction.PkToAf, LanesOpen = 2, LanesMax = 4 }],
    };

    private static Notice Gate(Side side, GateState state, DateTimeOffset from, params CargoCategory[] allowed) =>
        Notice.Issue("torkham", side, new NoticeTerms(state, [Direction.PkToAf], ReasonCategory.Security, state == GateState.Open ? null : "why", from, null, false, null, [.. allowed]),
            [], [], "officer", from.AddMinutes(-1));

    private static Truck Called(CargoCategory category = CargoCategory.General, DateTimeOffset? at = null)
    {
        var truck = Truck.Register(new TruckRegistration("torkham", Direction.PkToAf, "PES1234", "PK", "Driver", "PK1234567", "Cargo", "080521", category, 1000m, 10000m, null),
            "carrier", CalledAt.AddHours(-2));
        truck.CheckIn(1, CalledAt.AddHours(-1));
        truck.Call("pk.officer.torkham", at ?? CalledAt);
        return truck;
    }

    [Fact]
    public void Closed_five_minutes_after_the_call_and_reopened_a_day_later_is_not_a_no_show_and_the_deadline_counts_from_the_reopening()
    {
        var truck = Called();
        var reopening = CalledAt.AddMinutes(5).AddDays(1);
        Notice[] notices = [Gate(Side.AF, GateState.Closed, CalledAt.AddMinutes(5)), Gate(Side.AF, GateState.Open, reopening)];

        var closed = NoShowRules.Judge(truck, Torkham(), notices, CalledAt.AddHours(3));
        Assert.False(closed.Missed);
        Assert.Equal(CalledAt.AddMinutes(5), closed.SuspendedSince);
        Assert.Null(closed.Deadline);

        var reopened = NoShowRules.Judge(truck, Torkham(), notices, reopening.AddMinutes(19));
        Assert.False(reopened.Missed);
        Assert.Null(reopened.SuspendedSince);
        Assert.Equal(reopening, reopened.CountsFrom);
        Assert.Equal(reopening + Allowed, reopened.Deadline);

        // At the deadline itself the driver still has time; a minute past it he has missed it.
        Assert.False(NoShowRules.Judge(truck, Torkham(), notices, reopening + Allowed).Missed);
        Assert.True(NoShowRules.Judge(truck, Torkham(), notices, reopening.AddMinutes(21)).Missed);
    }

    [Fact]
    public void A_closure_after_the_deadline_ran_out_does_not_save_the_truck()
    {
        var truck = Called();
        Notice[] notices = [Gate(Side.PK, GateState.Closed, CalledAt.AddMinutes(25))];

        var clock = NoShowRules.Judge(truck, Torkham(), notices, CalledAt.AddMinutes(30));

        Assert.True(clock.Missed);
        Assert.Equal(CalledAt, clock.CountsFrom);
    }

    [Fact]
    public void A_closure_that_began_and_ended_between_two_ticks_still_restarts_the_deadline_from_its_reopening()
    {
        var truck = Called();
        Notice[] notices = [Gate(Side.AF, GateState.Closed, CalledAt.AddMinutes(15)), Gate(Side.AF, GateState.Open, CalledAt.AddMinutes(18))];

        var clock = NoShowRules.Judge(truck, Torkham(), notices, CalledAt.AddMinutes(30));

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

        var clock = NoShowRules.Judge(truck, Torkham(), notices, CalledAt.AddHours(5));

        Assert.False(clock.Missed);
        Assert.Equal(CalledAt.AddHours(2), clock.CountsFrom);
        Assert.Equal(CalledAt.AddHours(2).AddMinutes(10), clock.SuspendedSince);
    }

    [Fact]
    public void A_restriction_suspends_the_deadline_only_of_the_cargo_it_turns_away()
    {
        Notice[] notices = [Gate(Side.AF, GateState.Restricted, CalledAt.AddMinutes(5), CargoCategory.Humanitarian, CargoCategory.Perishable)];

        var general = NoShowRules.Judge(Called(CargoCategory.General), Torkham(), notices, CalledAt.AddHours(1));
        var aid = NoShowRules.Judge(Called(CargoCategory.Humanitarian), Torkham(), notices, CalledAt.AddHours(1));

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
        var clock = NoShowRules.Judge(Called(), Torkham(), [], CalledAt.AddMinutes(19));
        Assert.False(clock.Missed);
        Assert.Equal(CalledAt + Allowed, clock.Deadline);
        Assert.True(NoShowRules.Judge(Called(), Torkham(), [], CalledAt.AddMinutes(21)).Missed);
    }

    [Fact]
    public void The_gate_shutting_for_the_night_suspends_the_deadline_until_both_gates_open_in_the_morning()
    {
        // 08:00–17:00 on each side's clock: Karachi 03:00–12:00 UTC, Kabul 03:30–12:30 UTC; both open 03:30–12:00 UTC.
        var torkham = Torkham(new GateHours(new TimeOnly(8, 0), new TimeOnly(17, 0)));
        var calledAt = new DateTimeOffset(2026, 11, 28, 11, 50, 0, TimeSpan.Zero);
        var truck = Called(at: calledAt);
        var morning = new DateTimeOffset(2026, 11, 29, 3, 30, 0, TimeSpan.Zero);

        var night = NoShowRules.Judge(truck, torkham, [], calledAt.AddHours(5));
        Assert.False(night.Missed);
        Assert.Equal(calledAt.AddMinutes(10), night.SuspendedSince);

        Assert.Equal(morning.AddMinutes(20), NoShowRules.Judge(truck, torkham, [], morning.AddMinutes(19)).Deadline);
        Assert.True(NoShowRules.Judge(truck, torkham, [], morning.AddMinutes(21)).Missed);
    }

    [Fact]
    public void A_truck_called_early_in_the_day_misses_its_deadline_as_before()
    {
        var torkham = Torkham(new GateHours(new TimeOnly(8, 0), new TimeOnly(17, 0)));
        var truck = Called(at: new DateTimeOffset(2026, 11, 28, 6, 0, 0, TimeSpan.Zero));
        Assert.True(NoShowRules.Judge(truck, torkham, [], new DateTimeOffset(2026, 11, 28, 6, 21, 0, TimeSpan.Zero)).Missed);
    }
}
