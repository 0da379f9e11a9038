using Khyber.Simulation.Crossings;
using Khyber.Simulation.Networks;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>Trucks that give up at one crossing and drive on to another.</summary>
public class DiversionTests
{
    // Ten trucks wait at A, which stays shut; they give up after exactly 5 hours and all drive to B,
    // 2 hours away. B takes 30 minutes a truck: the first is called on arrival at 7 h, the next at 7.5
    // and 8; the other seven give up at 8.2 h (patience 1.2 h at B) and, already diverted once, do not
    // drive back to A although the route exists.
    private static NetworkScenario TwoCrossings() => new()
    {
        Crossings =
        [
            new CrossingScenario
            {
                Name = "A",
                Lanes = 1,
                Categories = [new CargoFlow { Name = "general", Service = ServiceSpec.Deterministic(30), Patience = PatienceSpec.Deterministic(5) }],
                Closures = [new ClosureWindow(0, 100)],
                InitialQueue = [new QueuedTrucks { Category = "general", Count = 10 }],
            },
            new CrossingScenario
            {
                Name = "B",
                Lanes = 1,
                Categories = [new CargoFlow { Name = "general", Service = ServiceSpec.Deterministic(30), Patience = PatienceSpec.Deterministic(1.2) }],
            },
        ],
        Diversions =
        [
            new Diversion { From = "A", To = "B", ShareOfGaveUp = 1, TravelHours = 2 },
            new Diversion { From = "B", To = "A", ShareOfGaveUp = 1, TravelHours = 2 },
        ],
        HorizonHours = 12.25,
        Replications = 2,
    };

    [Fact]
    public void Trucks_that_give_up_drive_on_and_are_counted_at_both_ends()
    {
        var result = NetworkForecast.Run(TwoCrossings());
        foreach (var r in result["A"].Replications)
        {
            Assert.Equal((10L, 10L, 10L, 0L, 0L), (r.All.Arrived, r.All.Reneged, r.All.DivertedOut, r.All.DivertedIn, r.All.Served));
            Assert.Equal((0, 10), (r.GaveUpByClass[0][4], r.GaveUpByClass[0][5]));
            Assert.Equal((10, 0), (r.Backlog[4], r.Backlog[5]));
        }

        foreach (var r in result["B"].Replications)
        {
            Assert.Equal((10L, 10L, 3L, 7L, 0L), (r.All.Arrived, r.All.DivertedIn, r.All.Served, r.All.Reneged, r.All.DivertedOut));
            Assert.Equal(30, r.All.MeanWaitMinutes, 9); // waits 0, 30 and 60 minutes
            Assert.Equal((9, 7, 0), (r.Backlog[7], r.Backlog[8], r.Backlog[9])); // 7 h: one called; 8 h: three; 8.2 h: the rest give up
        }
    }

    [Fact]
    public void Cargo_that_spoiled_before_the_truck_drove_on_is_counted_where_it_spoiled()
    {
        // The cargo spoils 3 hours into the wait at A, before the drivers give up at 5 h: ten spoiled
        // at A, valued there; at B the same trucks are not counted again.
        var network = TwoCrossings();
        network = network with
        {
            Crossings =
            [
                network.Crossings[0] with { Categories = [network.Crossings[0].Categories[0] with { SpoilAfterHours = 3, ValueUsd = 1000 }] },
                network.Crossings[1] with { Categories = [network.Crossings[1].Categories[0] with { SpoilAfterHours = 3, ValueUsd = 1000 }] },
            ],
        };
        var result = NetworkForecast.Run(network);
        Assert.Equal((10.0, 10_000.0), (result["A"].SpoiledTrucks.Mean, result["A"].SpoiledValueUsd.Mean));
        Assert.Equal(10_000, result["A"].GaveUpValueUsd.Mean);
        Assert.Equal(0, result["B"].SpoiledTrucks.Mean);
        Assert.All(result["A"].Replications, r => Assert.Equal((0.0, 10_000.0), (r.SpoiledValueByClass[0][2], r.SpoiledValueByClass[0][3])));
    }

    [Fact]
    public void The_share_of_trucks_diverted_is_the_share_asked_for()
    {
        // A is overloaded (30/h against 12/h) and its drivers give up after 30 minutes on average; 30%
        // of them drive to B, an hour away.
        var network = new NetworkScenario
        {
            Crossings =
            [
                new CrossingScenario { Name = "A", Lanes = 1, ServiceRatePerLanePerHour = 12, Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = 30, Patience = PatienceSpec.Exponential(0.5) }] },
                new CrossingScenario { Name = "B", Lanes = 3, ServiceRatePerLanePerHour = 30, Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = 10 }] },
            ],
            Diversions = [new Diversion { From = "A", To = "B", ShareOfGaveUp = 0.3, TravelHours = 1 }],
            HorizonHours = 2000,
            Replications = 20,
            Seed = 11,
        };
        var result = NetworkForecast.Run(network, new ForecastOptions { BacklogStepHours = 0 });
        var share = Statistics.Estimate.Of(result["A"].Replications.Select(r => r.All.DivertedOut / (double)r.All.Reneged));
        Expect.Inside(0.3, share, "share of the trucks that gave up diverted to B");
        Expect.Tight(share, 0.03, "share diverted");
        for (var i = 0; i < network.Replications; i++)
        {
            var sent = result["A"].Replications[i].All.DivertedOut;
            var received = result["B"].Replications[i].All.DivertedIn;
            Assert.InRange(sent - received, 0, 40); // the difference is on the road at the horizon
        }
    }
}
