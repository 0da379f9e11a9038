using Khyber.Simulation.Calibration;

namespace Khyber.Simulation.Tests.Calibration;

/// <summary>Known synthetic histories give known estimates, to the arithmetic done by hand here.</summary>
public sealed class HistoryCalibrationTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    // Garwood's exact interval: χ²(0.05; 2n) / 2 and χ²(0.95; 2n + 2) / 2.
    [InlineData(0, 0, 2.995732)]
    [InlineData(1, 0.051293, 4.7438645)]
    [InlineData(2, 0.355362, 6.295794)]
    [InlineData(10, 5.425406, 16.962219)]
    public void Poisson_intervals_are_the_exact_ones(long events, double lower, double upper)
    {
        var (lo, hi) = HistoryCalibration.PoissonInterval90(events);
        Assert.Equal(lower, lo, 5);
        Assert.Equal(upper, hi, 5);
    }

    [Fact]
    public void A_large_count_has_an_interval_close_to_the_normal_one()
    {
        var (lo, hi) = HistoryCalibration.PoissonInterval90(4000);
        Assert.InRange(lo, 4000 - (1.645 * Math.Sqrt(4000)) - 2, 4000 - (1.645 * Math.Sqrt(4000)) + 2);
        Assert.InRange(hi, 4000 + (1.645 * Math.Sqrt(4000)) - 2, 4000 + (1.645 * Math.Sqrt(4000)) + 3);
    }

    [Fact]
    public void Hours_of_the_day_are_counted_from_a_start_within_an_hour()
    {
        var exposure = HistoryCalibration.ExposureByHourOfDay(Monday.AddHours(5.5), Monday.AddHours(29.5));
        Assert.Equal(24, exposure.Sum(), 9);
        Assert.All(exposure, h => Assert.Equal(1, h, 9));
        Assert.Equal(0.5, HistoryCalibration.ExposureByHourOfDay(Monday.AddHours(5.5), Monday.AddHours(6))[5], 9);
    }

    /// <summary>
    /// A week: every day two perishables check in at 06:00 and 06:30, are called an hour later and exit 15 minutes after
    /// the call; one general truck at 14:00, called two hours later, out 45 minutes after, three of them having missed a
    /// call first; on the first day two general trucks check in at 20:00 and give up at 22:00. One truck before the week and
    /// one at its end are outside it.
    /// </summary>
    private static List<HistoryTruck> AWeek()
    {
        var trucks = new List<HistoryTruck>();
        for (var day = 0; day < 7; day++)
        {
            var d = Monday.AddDays(day);
            foreach (var at in new[] { d.AddHours(6), d.AddHours(6.5) })
            {
                trucks.Add(new HistoryTruck("perishable", at, CalledAt: at.AddHours(1), ExitedAt: at.AddHours(1.25)));
            }
            var general = d.AddHours(14);
            trucks.Add(new HistoryTruck("general", general, CalledAt: general.AddHours(2), ExitedAt: general.AddHours(2.75), NoShows: day < 3 ? 1 : 0));
        }
        trucks.Add(new HistoryTruck("general", Monday.AddHours(20), GaveUpAt: Monday.AddHours(22)));
        trucks.Add(new HistoryTruck("general", Monday.AddHours(20), GaveUpAt: Monday.AddHours(22)));
        trucks.Add(new HistoryTruck("perishable", Monday.AddHours(-1), CalledAt: Monday, ExitedAt: Monday.AddHours(1)));
        trucks.Add(new HistoryTruck("perishable", Monday.AddDays(7)));
        return trucks;
    }

    [Fact]
    public void A_known_week_gives_known_arrival_rates_by_category_and_hour_of_day()
    {
        var e = HistoryCalibration.Estimate(AWeek(), Monday, Monday.AddDays(7));

        Assert.Equal(168, e.Hours);
        Assert.Equal(23, e.Trucks);
        Assert.True(e.HourOfDayEnough);
        Assert.Equal(["general", "perishable"], e.Arrivals.Select(a => a.Category));
        var perishable = e.Arrivals[1];
        Assert.Equal(14 / 168.0, perishable.PerHour.Value, 12);
        Assert.Equal(14, perishable.PerHour.Events);
        // 14 arrivals in the seven 06:00 hours: 2 an hour, the interval of 14 events over 7 hours.
        var six = perishable.ByHourOfDay[6];
        var (lo, hi) = HistoryCalibration.PoissonInterval90(14);
        Assert.Equal(2, six.Value, 12);
        Assert.Equal(lo / 7, six.Ci90Lower, 12);
        Assert.Equal(hi / 7, six.Ci90Upper, 12);
        Assert.Equal(7, six.ExposureHours, 9);
        // An hour with none: 0, up to ln 20 / 7 an hour.
        Assert.Equal(0, perishable.ByHourOfDay[7].Value);
        Assert.Equal(Math.Log(20) / 7, perishable.ByHourOfDay[7].Ci90Upper, 5);
        var general = e.Arrivals[0];
        Assert.Equal(9 / 168.0, general.PerHour.Value, 12);
        Assert.Equal(1, general.ByHourOfDay[14].Value, 12);
        Assert.Equal(2 / 7.0, general.ByHourOfDay[20].Value, 12);
    }

    [Fact]
    public void A_known_week_gives_the_lane_rate_giving_up_and_no_shows_with_their_intervals()
    {
        var e = HistoryCalibration.Estimate(AWeek(), Monday, Monday.AddDays(7));

        // Service: 14 × 15 minutes and 7 × 45 minutes, mean 25 minutes: 2.4 trucks an hour a lane.
        var service = e.ServiceRatePerLanePerHour!;
        Assert.Equal(21, service.Trucks);
        Assert.Equal(25, service.MeanMinutes, 9);
        Assert.Equal(2.4, service.Value, 9);
        // Sample variance (14 × (1/6)² + 7 × (1/3)²) / 20 = 7/120 hours², t(0.95; 20) = 1.725.
        var half = 1.725 * Math.Sqrt(7.0 / 120 / 21);
        Assert.Equal(1 / ((5.0 / 12) + half), service.Ci90Lower, 9);
        Assert.Equal(1 / ((5.0 / 12) - half), service.Ci90Upper!.Value, 9);
        Assert.False(e.ServiceEnough); // 21 < 30

        // Waiting: 14 × 1 h + 7 × 2 h + 2 × 2 h = 32 truck-hours; 2 gave up.
        Assert.Equal(32, e.GaveUpPerWaitingHour.ExposureHours, 9);
        Assert.Equal(2, e.GaveUpPerWaitingHour.Events);
        Assert.Equal(2 / 32.0, e.GaveUpPerWaitingHour.Value, 12);
        Assert.Equal(HistoryCalibration.PoissonInterval90(2).Upper / 32, e.GaveUpPerWaitingHour.Ci90Upper, 12);
        Assert.False(e.GivingUpEnough); // 32 < 100 truck-hours

        // No-shows: 3 of 24 calls (21 answered, 3 missed); Wilson: (p + z²/2n ± z √(p(1−p)/n + z²/4n²)) / (1 + z²/n).
        var noShows = e.NoShowsPerCall!;
        Assert.Equal((3L, 24L), (noShows.Events, noShows.Trials));
        Assert.Equal(0.125, noShows.Value, 12);
        double z = HistoryCalibration.Z90, n = 24, p = 0.125;
        var centre = (p + (z * z / (2 * n))) / (1 + (z * z / n));
        var w = z / (1 + (z * z / n)) * Math.Sqrt((p * (1 - p) / n) + (z * z / (4 * n * n)));
        Assert.Equal(centre - w, noShows.Ci90Lower, 12);
        Assert.Equal(centre + w, noShows.Ci90Upper, 12);
        Assert.InRange(noShows.Ci90Lower, 0.0510, 0.0512);
        Assert.False(e.NoShowsEnough);
    }

    [Fact]
    public void An_empty_history_estimates_nothing_and_is_never_enough()
    {
        var e = HistoryCalibration.Estimate([], Monday, Monday.AddDays(1));
        Assert.Empty(e.Arrivals);
        Assert.Null(e.ServiceRatePerLanePerHour);
        Assert.Null(e.NoShowsPerCall);
        Assert.Equal(0, e.GaveUpPerWaitingHour.Value);
        Assert.False(e.HourOfDayEnough || e.ServiceEnough || e.GivingUpEnough || e.NoShowsEnough);
    }
}
