using System.Globalization;
using Khyber.Domain.Crossings;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>
/// Gate hours on each side's own clock: a crossing operates while both gates are within their hours, and its next
/// opening is found on those clocks — through the nights the clocks spring forward and fall back too.
/// </summary>
public sealed class OperatingHoursTests
{
    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static GateHours Hours(int opens, int closes, int opensMinute = 0, int closesMinute = 0) =>
        new(new TimeOnly(opens, opensMinute), new TimeOnly(closes, closesMinute));

    private static Crossing Crossing(string pkZone, GateHours? pkHours, string afZone, GateHours? afHours, int lanesOpen = 2) => new()
    {
        Id = "test",
        Name = "Test",
        NoShowMinutes = 20,
        Sides =
        [
            new CrossingSide { CrossingId = "test", Side = Side.PK, Authority = "PK", TimeZone = pkZone, Hours = pkHours },
            new CrossingSide { CrossingId = "test", Side = Side.AF, Authority = "AF", TimeZone = afZone, Hours = afHours },
        ],
        Directions =
        [
            new CrossingDirection { CrossingId = "test", Direction = Direction.PkToAf, LanesOpen = lanesOpen, LanesMax = 4 },
            new CrossingDirection { CrossingId = "test", Direction = Direction.AfToPk, LanesOpen = lanesOpen, LanesMax = 4 },
        ],
    };

    // ---------------------------------------------------------------- Karachi and Kabul: no daylight saving, half an hour apart

    [Fact]
    public void Karachi_and_Kabul_gates_open_at_08_00_on_their_own_clocks_let_trucks_through_from_03_30_to_12_00_utc()
    {
        var ghulamKhan = Crossing("Asia/Karachi", Hours(8, 17), "Asia/Kabul", Hours(8, 17));

        // Karachi (UTC+5) opens at 03:00 UTC, Kabul (UTC+4:30) at 03:30: a truck needs both.
        Assert.False(ghulamKhan.IsOperating(At("2026-11-28T03:15:00Z")));
        Assert.True(ghulamKhan.IsOperating(At("2026-11-28T03:30:00Z")));
        Assert.True(ghulamKhan.IsOperating(At("2026-11-28T11:59:59Z")));
        // Karachi closes at 17:00, 12:00 UTC, though Kabul is open until 12:30 UTC.
        Assert.False(ghulamKhan.IsOperating(At("2026-11-28T12:00:00Z")));

        Assert.Equal(At("2026-11-28T03:30:00Z"), ghulamKhan.NextOperating(At("2026-11-28T01:00:00Z")));
        Assert.Equal(At("2026-11-28T06:00:00Z"), ghulamKhan.NextOperating(At("2026-11-28T06:00:00Z")));
        Assert.Equal(At("2026-11-29T03:30:00Z"), ghulamKhan.NextOperating(At("2026-11-28T12:00:00Z")));
        Assert.Equal(At("2026-11-28T12:00:00Z"), ghulamKhan.NextClosing(At("2026-11-28T06:00:00Z")));
    }

    [Fact]
    public void The_spans_a_crossing_is_shut_are_the_gaps_between_both_gates_being_open()
    {
        var ghulamKhan = Crossing("Asia/Karachi", Hours(8, 17), "Asia/Kabul", Hours(8, 17));

        var shut = ghulamKhan.ShutBetween(At("2026-11-28T00:00:00Z"), At("2026-11-30T00:00:00Z")).ToList();

        Assert.Equal(
            [
                (At("2026-11-28T00:00:00Z"), At("2026-11-28T03:30:00Z")),
                (At("2026-11-28T12:00:00Z"), At("2026-11-29T03:30:00Z")),
                (At("2026-11-29T12:00:00Z"), At("2026-11-30T00:00:00Z")),
            ],
            shut);
        Assert.Empty(Crossing("Asia/Karachi", null, "Asia/Kabul", null).ShutBetween(At("2026-11-28T00:00:00Z"), At("2026-12-28T00:00:00Z")));
    }

    [Fact]
    public void A_gate_round_the_clock_leaves_the_other_sides_hours_to_decide()
    {
        var crossing = Crossing("Asia/Karachi", null, "Asia/Kabul", Hours(7, 19));

        Assert.False(crossing.RoundTheClock);
        Assert.False(crossing.IsOperating(At("2026-11-28T02:29:00Z")));
        Assert.True(crossing.IsOperating(At("2026-11-28T02:30:00Z")));
        Assert.Equal(At("2026-11-28T14:30:00Z"), crossing.NextClosing(At("2026-11-28T10:00:00Z")));
        Assert.True(Crossing("Asia/Karachi", null, "Asia/Kabul", null).RoundTheClock);
        Assert.Null(Crossing("Asia/Karachi", null, "Asia/Kabul", null).NextClosing(At("2026-11-28T10:00:00Z")));
    }

    [Fact]
    public void An_overnight_window_runs_past_midnight_and_one_closing_at_00_00_closes_at_midnight()
    {
        var night = Crossing("Asia/Karachi", Hours(22, 6), "Asia/Karachi", Hours(22, 6));
        Assert.True(Hours(22, 6).Overnight);
        // 22:00 Karachi is 17:00 UTC; 06:00 the next morning is 01:00 UTC.
        Assert.False(night.IsOperating(At("2026-11-28T16:59:00Z")));
        Assert.True(night.IsOperating(At("2026-11-28T17:00:00Z")));
        Assert.True(night.IsOperating(At("2026-11-28T23:30:00Z")));
        Assert.False(night.IsOperating(At("2026-11-29T01:00:00Z")));
        Assert.Equal(At("2026-11-29T17:00:00Z"), night.NextOperating(At("2026-11-29T01:00:00Z")));

        var untilMidnight = Crossing("Asia/Karachi", Hours(7, 0), "Asia/Karachi", Hours(7, 0));
        Assert.True(untilMidnight.IsOperating(At("2026-11-28T18:59:00Z")));
        Assert.False(untilMidnight.IsOperating(At("2026-11-28T19:00:00Z")));
        Assert.Equal(At("2026-11-29T02:00:00Z"), untilMidnight.NextOperating(At("2026-11-28T19:00:00Z")));
    }

    // ---------------------------------------------------------------- zones with daylight saving time

    [Fact]
    public void In_bucharest_the_gate_opens_at_08_00_local_on_the_morning_after_the_clocks_spring_forward()
    {
        // Bucharest: EET (UTC+2) until 03:00 on Sunday 28 March 2027, then EEST (UTC+3).
        var crossing = Crossing("Europe/Bucharest", Hours(8, 16), "Europe/Bucharest", Hours(8, 16));

        Assert.True(crossing.IsOperating(At("2027-03-27T06:00:00Z")));   // Saturday 08:00 EET
        Assert.False(crossing.IsOperating(At("2027-03-27T14:00:00Z")));  // Saturday 16:00 EET
        // The next opening is 08:00 EEST, 05:00 UTC — an hour earlier in UTC than the day before, not 06:00.
        Assert.Equal(At("2027-03-28T05:00:00Z"), crossing.NextOperating(At("2027-03-27T14:00:00Z")));
        Assert.False(crossing.IsOperating(At("2027-03-28T04:59:59Z")));
        Assert.True(crossing.IsOperating(At("2027-03-28T05:00:00Z")));
        Assert.False(crossing.IsOperating(At("2027-03-28T13:00:00Z")));  // 16:00 EEST
    }

    [Fact]
    public void In_bucharest_the_gate_opens_at_08_00_local_on_the_morning_after_the_clocks_fall_back()
    {
        // Bucharest: EEST (UTC+3) until 04:00 on Sunday 25 October 2026, then EET (UTC+2).
        var crossing = Crossing("Europe/Bucharest", Hours(8, 16), "Europe/Bucharest", Hours(8, 16));

        Assert.True(crossing.IsOperating(At("2026-10-24T05:00:00Z")));   // Saturday 08:00 EEST
        Assert.False(crossing.IsOperating(At("2026-10-24T13:00:00Z")));  // Saturday 16:00 EEST
        Assert.Equal(At("2026-10-25T06:00:00Z"), crossing.NextOperating(At("2026-10-24T13:00:00Z")));
        Assert.False(crossing.IsOperating(At("2026-10-25T05:30:00Z")));  // 07:30 EET
        Assert.True(crossing.IsOperating(At("2026-10-25T13:59:59Z")));   // 15:59 EET
    }

    [Fact]
    public void A_gate_due_to_open_in_the_hour_the_clock_skips_opens_when_the_clock_jumps()
    {
        // New York springs forward at 02:00 EST on 14 March 2027, straight to 03:00 EDT (07:00 UTC): 02:30 never shows.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(At("2027-03-14T07:00:00Z"), WallClock.Instant(new DateOnly(2027, 3, 14), new TimeOnly(2, 30), zone));
        Assert.Equal(At("2027-03-14T06:59:00Z"), WallClock.Instant(new DateOnly(2027, 3, 14), new TimeOnly(1, 59), zone));

        var crossing = Crossing("America/New_York", Hours(2, 10, opensMinute: 30), "America/New_York", null);
        Assert.False(crossing.IsOperating(At("2027-03-14T06:59:59Z")));
        Assert.Equal(At("2027-03-14T07:00:00Z"), crossing.NextOperating(At("2027-03-14T05:00:00Z")));
        // The day before, 02:30 EST is 07:30 UTC; the day after, 02:30 EDT is 06:30 UTC.
        Assert.Equal(At("2027-03-13T07:30:00Z"), crossing.NextOperating(At("2027-03-13T05:00:00Z")));
        Assert.Equal(At("2027-03-15T06:30:00Z"), crossing.NextOperating(At("2027-03-14T14:00:00Z")));
    }

    [Fact]
    public void A_gate_due_to_close_in_the_hour_the_clock_repeats_closes_the_first_time_and_stays_closed()
    {
        // New York falls back at 02:00 EDT on 1 November 2026 to 01:00 EST: 01:30 shows at 05:30 UTC and again at 06:30.
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        Assert.Equal(At("2026-11-01T05:30:00Z"), WallClock.Instant(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), zone));

        // A night shift, 18:00–01:30.
        var crossing = Crossing("America/New_York", Hours(18, 1, closesMinute: 30), "America/New_York", Hours(18, 1, closesMinute: 30));
        Assert.True(crossing.IsOperating(At("2026-10-31T22:00:00Z")));   // Saturday 18:00 EDT
        Assert.True(crossing.IsOperating(At("2026-11-01T05:29:59Z")));   // 01:29:59 EDT
        Assert.False(crossing.IsOperating(At("2026-11-01T05:30:00Z")));  // 01:30 EDT: closed
        Assert.False(crossing.IsOperating(At("2026-11-01T06:15:00Z")));  // 01:15 EST, the hour again: still closed
        // Sunday's shift opens at 18:00 EST, 23:00 UTC.
        Assert.Equal(At("2026-11-01T23:00:00Z"), crossing.NextOperating(At("2026-11-01T05:30:00Z")));
    }

    [Fact]
    public void A_dst_side_and_a_fixed_side_meet_an_hour_earlier_in_utc_once_the_dst_side_springs_forward()
    {
        // Istanbul keeps UTC+3 all year; Bucharest moves from UTC+2 to UTC+3 on 28 March 2027.
        var crossing = Crossing("Europe/Istanbul", Hours(8, 16), "Europe/Bucharest", Hours(8, 16));
        // Before: Istanbul opens 05:00 UTC, Bucharest 06:00 UTC; after: both 05:00 UTC.
        Assert.Equal(At("2027-03-27T06:00:00Z"), crossing.NextOperating(At("2027-03-27T04:00:00Z")));
        Assert.Equal(At("2027-03-28T05:00:00Z"), crossing.NextOperating(At("2027-03-28T04:00:00Z")));
        // Before, Istanbul closes first (13:00 UTC); after, both at 13:00 UTC.
        Assert.Equal(At("2027-03-27T13:00:00Z"), crossing.NextClosing(At("2027-03-27T10:00:00Z")));
        Assert.Equal(At("2027-03-28T13:00:00Z"), crossing.NextClosing(At("2027-03-28T10:00:00Z")));
    }

    [Fact]
    public void Hours_that_never_meet_give_no_opening()
    {
        // Karachi 07:00–09:00 is 02:00–04:00 UTC; Kabul 10:00–12:00 is 05:30–07:30 UTC.
        var crossing = Crossing("Asia/Karachi", Hours(7, 9), "Asia/Kabul", Hours(10, 12));
        Assert.Null(crossing.NextOperating(At("2026-11-28T00:00:00Z")));
    }

    // ---------------------------------------------------------------- time zones

    [Theory]
    [InlineData("Asia/Karachi", true)]
    [InlineData("Asia/Kabul", true)]
    [InlineData("Europe/Bucharest", true)]
    [InlineData("America/New_York", true)]
    [InlineData("UTC", true)]
    [InlineData("Asia/Nowhere", false)]
    [InlineData("Pakistan Standard Time", false)]
    [InlineData("posix/Asia/Karachi", false)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("/etc/localtime", false)]
    [InlineData("asia karachi", false)]
    [InlineData("", false)]
    public void Only_iana_zones_of_the_time_zone_database_are_found(string id, bool found) =>
        Assert.Equal(found, WallClock.TryFind(id, out _));

    // ---------------------------------------------------------------- called trucks a change would strand

    private static Truck Called(Direction direction, DateTimeOffset at)
    {
        var truck = Truck.Register(new TruckRegistration("test", direction, $"PES{Guid.NewGuid().ToString()[..4]}", "PK", "Driver", "PK1234567", "Cargo", "252329",
            CargoCategory.General, 1000m, 10000m, null), "carrier", at.AddHours(-2));
        truck.CheckIn(1, at.AddHours(-1));
        truck.Call("officer", at);
        return truck;
    }

    [Fact]
    public void Called_trucks_cannot_pass_when_their_lanes_close_or_the_gates_do_not_both_open_before_their_no_show_time()
    {
        var now = At("2026-11-28T11:50:00Z");
        var crossing = Crossing("Asia/Karachi", Hours(8, 17), "Asia/Kabul", Hours(8, 17));
        var pkAf = Called(Direction.PkToAf, At("2026-11-28T11:45:00Z"));
        var afPk = Called(Direction.AfToPk, At("2026-11-28T11:45:00Z"));
        Assert.Empty(CallRules.CannotPassInTime(crossing, [pkAf, afPk], now));

        crossing.DirectionOf(Direction.PkToAf).LanesOpen = 0;
        Assert.Equal([pkAf], CallRules.CannotPassInTime(crossing, [pkAf, afPk], now));

        crossing.DirectionOf(Direction.PkToAf).LanesOpen = 2;
        crossing.SideOf(Side.AF).Hours = Hours(8, 16);  // Kabul now closes at 11:30 UTC
        Assert.Equal([pkAf, afPk], CallRules.CannotPassInTime(crossing, [pkAf, afPk], now));

        // Back to the waiting queue in its own place, without a no-show.
        var number = pkAf.QueueNumber;
        pkAf.ReturnToQueue(now);
        Assert.Equal((TruckStatus.Waiting, number, 0, (DateTimeOffset?)null), (pkAf.Status, pkAf.QueueNumber, pkAf.NoShows, pkAf.CalledAt));
        Assert.Empty(CallRules.CannotPassInTime(crossing, [pkAf], now));
    }
}
