using Khyber.Simulation.Crossings;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>Arrivals shaped by a closure, by the hour of the day and the day of the week, in the crossing's local time.</summary>
public class ArrivalProfileTests
{
    // Evenly spaced arrivals come each time the integrated rate Λ(t) passes a whole number (the first
    // at 0). Rate 6/h; a closure from hour 4 to 10 during which traffic halves after 2 hours; after
    // it, double traffic for 3 hours, then normal: rate 6 on [0, 6), 3 on [6, 10), 12 on [10, 13), 6
    // after. Λ(4) = 24, Λ(6) = 36, Λ(10) = 48, Λ(13) = 84, so by a horizon H, ⌊Λ(H)⌋ + 1 trucks came.
    [Theory]
    [InlineData(3.95, 24)] // Λ = 23.7
    [InlineData(5.95, 36)] // Λ = 24 + 1.95·6 = 35.7
    [InlineData(9.95, 48)] // Λ = 36 + 3.95·3 = 47.85
    [InlineData(12.95, 84)] // Λ = 48 + 2.95·12 = 83.4
    [InlineData(20.05, 127)] // Λ = 84 + 7.05·6 = 126.3
    public void Closure_response_changes_evenly_spaced_arrivals_exactly(double horizonHours, int expected)
    {
        var model = new QueueModel
        {
            Servers = 1,
            Classes = [new QueueClass { Name = "a", Arrival = ArrivalSpec.Regular(6), Service = ServiceSpec.Deterministic(1) }],
            Closures = [new ClosureWindow(4, 6)],
            ClosureResponse = new ClosureResponse
            {
                During = [new RateChange(2, 0.5)],
                AfterReopening = [new RateChange(0, 2), new RateChange(3, 1)],
            },
            HorizonHours = horizonHours,
            Replications = 2,
        };
        var result = QueueForecast.Run(model);
        Assert.All(result.Replications, r => Assert.Equal(expected, r.All.Arrived));
    }

    [Fact]
    public void Closure_response_of_a_poisson_stream_has_the_integrated_rate_as_its_mean()
    {
        // 20/h; closed from hour 24 to 72, traffic falls to a quarter 12 hours in; 1.5 times for a day
        // after the reopening: 24·20 + 12·20 + 36·5 + 24·30 + 24·20 = 2 100 trucks expected in 120 hours.
        var scenario = new CrossingScenario
        {
            Lanes = 2,
            ServiceRatePerLanePerHour = 15,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = 20 }],
            Closures = [new ClosureWindow(24, 48)],
            ClosureResponse = new ClosureResponse { During = [new RateChange(12, 0.25)], AfterReopening = [new RateChange(0, 1.5), new RateChange(24, 1)] },
            HorizonHours = 120,
            Replications = 100,
            Seed = 5,
        };
        var result = CrossingForecast.Run(scenario);
        Expect.Inside(2100, result["general"].Arrived, "arrivals with a closure response");
        Expect.Tight(result["general"].Arrived, 0.02, "arrivals with a closure response");

        // The same stream without the response would bring 2 400: the test can tell the difference.
        Assert.False(CrossingForecast.Run(scenario with { ClosureResponse = null })["general"].Arrived.Contains(2100));
    }

    public static TheoryData<string, CrossingScenario> SaturdayMidnight => new()
    {
        // 2025-02-22 00:00 local, a Saturday, stated three ways.
        { "IANA zone", Week() with { StartsAt = DateTimeOffset.Parse("2025-02-21T19:00:00Z"), TimeZone = "Asia/Karachi" } },
        { "fixed offset", Week() with { StartsAt = DateTimeOffset.Parse("2025-02-21T19:30:00Z"), TimeZone = "+04:30" } },
        { "local hour and day", Week() with { StartHourOfDay = 0, StartDayOfWeek = "saturday" } },
    };

    // 10 trucks an hour from 08:00 to 10:00 local, none on Fridays: 20 a day on 12 of 14 days.
    private static CrossingScenario Week()
    {
        var hourly = new double[24];
        hourly[8] = hourly[9] = 10;
        return new CrossingScenario
        {
            Lanes = 2,
            ServiceRatePerLanePerHour = 30,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHourByHourOfDay = hourly }],
            ArrivalsByDayOfWeek = WeekProfile.Flat() with { Friday = 0 },
            HorizonHours = 14 * 24,
            Replications = 200,
            Seed = 3,
        };
    }

    [Theory]
    [MemberData(nameof(SaturdayMidnight))]
    public void Hour_of_day_and_day_of_week_follow_the_local_clock(string how, CrossingScenario scenario)
    {
        var station = CrossingCompiler.Compile(scenario, ForecastOptions.Default).Stations[0];
        Assert.Equal((0.0, 5), (station.StartHourOfDay, station.StartDayOfWeek));
        var result = CrossingForecast.Run(scenario);
        Expect.Inside(240, result["general"].Arrived, $"arrivals over two weeks ({how})");
        Expect.Tight(result["general"].Arrived, 0.03, $"arrivals over two weeks ({how})");

        // Nobody comes on the Fridays: the backlog and the arrivals stop from local Friday 00:00 (hour 144).
        Assert.All(result.Replications, r => Assert.Equal(r.BacklogByClass[0][144], r.BacklogByClass[0][167]));
    }

    [Fact]
    public void Operating_hours_are_read_in_the_crossings_time_zone()
    {
        // 2025-02-21 00:00 UTC is 04:30 in Kabul: the 06:00–22:00 gate opens 1.5 hours in.
        var scenario = new CrossingScenario
        {
            Lanes = 3,
            ServiceRatePerLanePerHour = 10,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = 5 }],
            StartsAt = DateTimeOffset.Parse("2025-02-21T00:00:00Z"),
            TimeZone = "Asia/Kabul",
            OperatingHours = new OperatingHours(6, 22),
            HorizonHours = 48,
            Replications = 2,
        };
        var steps = CrossingCompiler.Compile(scenario, ForecastOptions.Default).Stations[0].LaneSteps;
        Assert.Equal(
            new Replications.LaneStep[] { new(0, 0), new(1.5, 3), new(17.5, 0), new(25.5, 3), new(41.5, 0) },
            steps);
    }
}
