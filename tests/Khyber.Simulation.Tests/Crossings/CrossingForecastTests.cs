using Khyber.Simulation.Crossings;
using Khyber.Simulation.QueueModels;
using Khyber.Simulation.Tests.Validation;

namespace Khyber.Simulation.Tests.Crossings;

public class CrossingForecastTests
{
    // Ten perishable trucks at the gate, none arriving, one lane taking exactly 30 minutes a truck,
    // gate shut for 2 hours: truck k is called at 2 + 0.5k hours.
    private static CrossingScenario TenTrucksBehindAClosure(string policy = "fifo") => new()
    {
        Lanes = 1,
        Categories = [new CargoFlow { Name = "perishable", Service = ServiceSpec.Deterministic(30), SpoilAfterHours = 2.6, ValueUsd = 1000 }],
        Closures = [new ClosureWindow(0, 2)],
        InitialQueue = [new QueuedTrucks { Category = "perishable", Count = 10 }],
        Policy = policy,
        HorizonHours = 8,
        Replications = 2,
    };

    [Fact]
    public void Closure_backlog_spoilage_and_clearance_are_exact_without_randomness()
    {
        var result = CrossingForecast.Run(TenTrucksBehindAClosure());

        // Waits 2, 2.5, 3, … hours: all but the first two pass 2.6 hours.
        Assert.Equal(8, result.SpoiledTrucks.Mean);
        Assert.Equal(8000, result.SpoiledValueUsd.Mean);
        Assert.Equal(10, result.Crossed.Mean);
        Assert.Equal(4.5, result.StrandedCalledHours!.Mean, 9);

        // The backlog was already 10 when the gate shut, so it is "back to normal" at once.
        Assert.Equal(0, result.ClearanceHours!.Mean, 9);
        // Samples are taken after the events of their instant: at 2 h the first truck has been called.
        Assert.Equal(new double[] { 10, 10, 9, 7, 5, 3, 1, 0, 0 }, result.Backlog.Select(b => b.Mean));
        Assert.Equal(Enumerable.Range(0, 9).Select(h => (double)h), result.Backlog.Select(b => b.AtHours));
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (2 + (0.5 * k)) * 60).Average(), result["perishable"].WaitMinutes.Mean.Mean, 6);
    }

    [Fact]
    public void Green_lane_calls_perishables_earliest_spoiling_first()
    {
        // Same trucks, but the five that waited least spoil soonest: earliest-spoil-first calls them
        // first and so saves more of them than longest-waiting-first.
        var scenario = TenTrucksBehindAClosure() with
        {
            InitialQueue =
            [
                new QueuedTrucks { Category = "perishable", Count = 5, WaitedMinutes = 60, SpoilsInMinutes = 600 },
                new QueuedTrucks { Category = "perishable", Count = 5, WaitedMinutes = 0, SpoilsInMinutes = 180 },
            ],
        };
        var fifo = CrossingForecast.Run(scenario);
        var greenLane = CrossingForecast.Run(scenario with { Policy = "green-lane" });

        // fifo: the 180-minute trucks are called at 4.5, 5, 5.5, 6, 6.5 h — all spoiled.
        Assert.Equal(5, fifo.SpoiledTrucks.Mean);

        // green lane: they are called at 2, 2.5, 3 (spoil at 3 h: not yet), 3.5, 4 — two spoiled;
        // the 600-minute trucks are all called by 6.5 h, before 10 h.
        Assert.Equal(2, greenLane.SpoiledTrucks.Mean);
    }

    [Fact]
    public void Green_lane_gives_perishables_their_share_of_calls_and_humanitarian_cargo_goes_first()
    {
        var scenario = new CrossingScenario
        {
            Lanes = 1,
            Categories =
            [
                new CargoFlow { Name = "general", Service = ServiceSpec.Deterministic(6) },
                new CargoFlow { Name = "perishable", Service = ServiceSpec.Deterministic(6), SpoilAfterHours = 1000 },
                new CargoFlow { Name = "humanitarian", Service = ServiceSpec.Deterministic(6) },
            ],
            InitialQueue =
            [
                new QueuedTrucks { Category = "general", Count = 500, WaitedMinutes = 300 },
                new QueuedTrucks { Category = "perishable", Count = 500, WaitedMinutes = 10 },
                new QueuedTrucks { Category = "humanitarian", Count = 20, WaitedMinutes = 0 },
            ],
            Policy = "green-lane",
            PerishableShare = 0.25,
            HorizonHours = 41.95, // 420 calls at 0, 0.1, …, 41.9 h; 419 of them have crossed
            Replications = 2,
        };
        var result = CrossingForecast.Run(scenario);

        // Called first although they waited least: the twentieth waits 19 × 6 minutes.
        Assert.Equal(57, result["humanitarian"].WaitMinutes.Mean.Mean, 9);
        Assert.Equal(20, result["humanitarian"].Crossed.Mean);
        var perishable = result["perishable"].Replications(result).Single();
        Assert.Equal(100, perishable); // a quarter of the 400 calls after the humanitarian ones
    }

    [Fact]
    public void Crossing_without_closure_matches_erlang_c()
    {
        var scenario = new CrossingScenario
        {
            Lanes = 3,
            ServiceRatePerLanePerHour = 12,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = 27 }],
            WarmupHours = 200,
            HorizonHours = 6000,
            Replications = 20,
            Seed = 99,
        };
        var result = CrossingForecast.Run(scenario);
        Expect.Inside(QueueingTheory.MmcWait(3, 27, 12) * 60, result["general"].WaitMinutes.Mean, "crossing as M/M/3");
        Expect.Inside(0.75, result.LaneUtilisation, "lane utilisation");
        Assert.Null(result.ClearanceHours);
    }

    [Fact]
    public void Hour_of_day_arrivals_follow_the_profile()
    {
        var rates = new double[24];
        rates[8] = 10;
        rates[9] = 10;
        var scenario = new CrossingScenario
        {
            Lanes = 2,
            ServiceRatePerLanePerHour = 30,
            StartHourOfDay = 6,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHourByHourOfDay = rates }],
            HorizonHours = 240,
            Replications = 40,
        };
        var result = CrossingForecast.Run(scenario);
        Expect.Inside(200, result["general"].Arrived, "arrivals over ten days of two busy hours");
    }

    [Fact]
    public void Operating_hours_and_lane_windows_make_the_lane_schedule()
    {
        var steps = Replications.QueueingSystem.BuildLaneSteps(
            4,
            closures: [(30.0, 2.0)],
            reduced: [(12.0, 4.0, 1)],
            operatingHours: (6, 22),
            startHourOfDay: 20,
            horizonHours: 40);

        // Offset 0 is 20:00: open until 22:00 (offset 2), shut until 06:00 (offset 10), one lane from
        // 12 to 16, closed from 26 (22:00) and by the closure from 30 to 32, open again at 34 (06:00).
        Assert.Equal(
            new Replications.LaneStep[] { new(0, 4), new(2, 0), new(10, 4), new(12, 1), new(16, 4), new(26, 0), new(34, 4) },
            steps);
    }

    [Fact]
    public void Same_seed_gives_the_same_forecast_on_any_number_of_threads()
    {
        var scenario = Samples.Read<CrossingScenario>("torkham-72h-closure.json") with { Replications = 16 };
        var one = CrossingForecast.Compare(scenario, new ForecastOptions { MaxDegreeOfParallelism = 1 });
        var two = CrossingForecast.Compare(scenario, new ForecastOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(CrossingReport.ToJson(one).ToJsonString(), CrossingReport.ToJson(two).ToJsonString());
    }

    [Fact]
    public void Green_lane_spoils_less_than_fifo_in_the_torkham_sample()
    {
        var scenario = Samples.Read<CrossingScenario>("torkham-72h-closure.json") with { Replications = 40 };
        var comparison = CrossingForecast.Compare(scenario);
        Assert.Equal("green-lane", comparison.Alternative!.Scenario.Policy);
        Assert.True(comparison.Alternative.SpoiledTrucks.Ci99Upper < comparison.Baseline.SpoiledTrucks.Ci99Lower);

        // Both serve the same trucks at the same rate: the backlog is the same, only its order differs.
        Assert.Equal(comparison.Baseline.Backlog.Select(b => b.Mean), comparison.Alternative.Backlog.Select(b => b.Mean));
    }

    [Fact]
    public void Cache_key_is_equal_for_equal_requests_only()
    {
        var a = Samples.Read<CrossingScenario>("torkham-72h-closure.json");
        var b = Samples.Read<CrossingScenario>("torkham-72h-closure.json");
        Assert.NotSame(a.Categories, b.Categories);
        Assert.Equal(CrossingForecast.CacheKey(a), CrossingForecast.CacheKey(b));
        Assert.Equal(CrossingForecast.CacheKey(a), CrossingForecast.CacheKey(b, new ForecastOptions { MaxDegreeOfParallelism = 1 }));
        Assert.NotEqual(CrossingForecast.CacheKey(a), CrossingForecast.CacheKey(a with { Seed = 1 }));
        Assert.NotEqual(CrossingForecast.CacheKey(a), CrossingForecast.CacheKey(a with { InitialQueue = [] }));
    }

    // Five general trucks that have waited an hour and five perishables just arrived, one lane taking exactly 30 minutes a
    // truck, the gate shut for the first 2 hours but perishables let through on the one lane.
    private static CrossingScenario PerishablesLetThrough(IReadOnlyList<string>? letThrough) => new()
    {
        Lanes = 1,
        Categories =
        [
            new CargoFlow { Name = "general", Service = ServiceSpec.Deterministic(30) },
            new CargoFlow { Name = "perishable", Service = ServiceSpec.Deterministic(30), SpoilAfterHours = 3, ValueUsd = 1000 },
        ],
        Closures = [new ClosureWindow(0, 2)],
        InitialQueue =
        [
            new QueuedTrucks { Category = "general", Count = 5, WaitedMinutes = 60 },
            new QueuedTrucks { Category = "perishable", Count = 5 },
        ],
        LetThrough = letThrough,
        HorizonHours = 8,
        Replications = 2,
    };

    [Fact]
    public void Categories_let_through_a_closure_cross_while_it_stands_exactly()
    {
        var result = CrossingForecast.Run(PerishablesLetThrough(["perishable"]));

        // Perishables called at 0, 0.5, 1 and 1.5 h during the closure; at the reopening the general trucks, who waited
        // longest, at 2, 2.5, … 4 h (waits 3 to 5 h); the last perishable at 4.5 h — the only one past its 3 hours.
        Assert.Equal(new double[] { 9, 7, 5, 3, 1, 0, 0, 0, 0 }, result.Backlog.Select(b => b.Mean));
        Assert.Equal((0 + 0.5 + 1 + 1.5 + 4.5) / 5 * 60, result["perishable"].WaitMinutes.Mean.Mean, 9);
        Assert.Equal(4 * 60, result["general"].WaitMinutes.Mean.Mean, 9);
        Assert.Equal(1, result.SpoiledTrucks.Mean);
        Assert.Equal(10, result.Crossed.Mean);
        // Six trucks were waiting at the reopening; the last of them was called 2.5 hours after it.
        Assert.Equal(2.5, result.StrandedCalledHours!.Mean, 9);

        // Without it every perishable waits for the general trucks ahead: called at 4.5 … 6.5 h, all spoiled.
        var shut = CrossingForecast.Run(PerishablesLetThrough(null));
        Assert.Equal((4.5 + 5 + 5.5 + 6 + 6.5) / 5 * 60, shut["perishable"].WaitMinutes.Mean.Mean, 9);
        Assert.Equal(5, shut.SpoiledTrucks.Mean);
        Assert.Equal(new double[] { 10, 10, 9, 7, 5, 3, 1, 0, 0 }, shut.Backlog.Select(b => b.Mean));
    }

    [Fact]
    public void Let_through_lanes_are_the_lanes_kept_open_and_an_alternative_may_let_categories_through()
    {
        // Two lanes, one kept for perishables during the closure: the same schedule as with one lane (general trucks wait for the reopening).
        var scenario = PerishablesLetThrough(null) with
        {
            Lanes = 2,
            LetThroughLanes = 1,
            Alternative = new CrossingAlternative { Name = "perishables through", LetThrough = ["perishable"] },
        };
        var comparison = CrossingForecast.Compare(scenario);
        // Nothing let through: from 2 h two lanes, general trucks first; perishables called at 3, 3.5, 3.5, 4, 4 h: four past 3 hours.
        Assert.Equal(4, comparison.Baseline.SpoiledTrucks.Mean);
        // Perishables at 0, 0.5, 1, 1.5 h on the one lane kept open; from 2 h both lanes, the five general trucks at 2, 2, 2.5, 2.5,
        // 3 h, and the last perishable at 3 h: just in time.
        Assert.Equal(0, comparison.Alternative!.SpoiledTrucks.Mean);
        Assert.Equal((0 + 0.5 + 1 + 1.5 + 3) / 5 * 60, comparison.Alternative["perishable"].WaitMinutes.Mean.Mean, 9);
    }

    [Fact]
    public void Let_through_names_a_category_and_keeps_a_lane()
    {
        var e = Assert.Throws<ForecastInputException>(() => CrossingForecast.Run(PerishablesLetThrough(["perishable", "fruit"]) with { LetThroughLanes = 0 }));
        Assert.Equal(["letThrough[1]", "letThroughLanes"], e.Errors.Keys.Order());
    }

    [Fact]
    public void Invalid_scenarios_are_rejected_field_by_field()
    {
        var scenario = new CrossingScenario
        {
            Lanes = 0,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = -1 }],
            InitialQueue = [new QueuedTrucks { Category = "fruit" }],
            Policy = "lottery",
        };
        var e = Assert.Throws<ForecastInputException>(() => CrossingForecast.Run(scenario));
        Assert.Equal(
            ["categories[0].arrivalsPerHour", "categories[0].service", "initialQueue[0].category", "lanes", "policy"],
            e.Errors.Keys.Order());
    }
}

internal static class CategoryForecastExtensions
{
    /// <summary>Trucks of this category that crossed, if every replication agrees (deterministic scenarios).</summary>
    public static IEnumerable<double> Replications(this CategoryForecast category, CrossingForecastResult result) =>
        result.Replications.Select(r => (double)r.Classes.Single(c => c.Name == category.Name).Served).Distinct();
}
