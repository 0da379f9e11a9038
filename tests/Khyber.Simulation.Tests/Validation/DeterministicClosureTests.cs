using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>D/D/1 with a closure window: the waits and the spoiled count are known exactly.</summary>
public class DeterministicClosureTests
{
    // A truck every 10 minutes from time 0, 6 minutes to clear each, gate shut for the first 2 hours.
    // Truck n arrives at 10n and is called at max(10n, 120 + 6n): it waits max(0, 120 − 4n) minutes,
    // so trucks 0..29 wait 120, 116, …, 4 and later ones not at all.
    private static QueueModel Model(double spoilAfterMinutes) => new()
    {
        Servers = 1,
        Classes = [new QueueClass { Name = "fruit", Arrival = ArrivalSpec.Regular(6), Service = ServiceSpec.Deterministic(6), SpoilAfterMinutes = spoilAfterMinutes }],
        Closures = [new ClosureWindow(0, 2)],
        HorizonHours = 9.75, // arrivals 0..58; the last is called at 580 min and still in service at the horizon
        Replications = 3,
        Seed = 1,
    };

    [Fact]
    public void Waits_are_exact()
    {
        var result = QueueForecast.Run(Model(spoilAfterMinutes: 62));
        var expectedWaits = Enumerable.Range(0, 59).Select(n => Math.Max(0, 120.0 - (4 * n))).ToArray();

        foreach (var replication in result.Replications)
        {
            var tally = replication.All;
            Assert.Equal(59, tally.Arrived);
            Assert.Equal(59, tally.Waits);
            Assert.Equal(58, tally.Served);
            Assert.Equal(expectedWaits.Average(), tally.MeanWaitMinutes, 6);
            Assert.Equal(Statistics.Percentiles.OfSorted([.. expectedWaits.Order()], 0.9), tally.P90WaitMinutes, 6);
            Assert.Equal(30.0 / 59, tally.ProbabilityOfWaiting, 9);
            // Trucks 0..11 were stranded by the closure; the last of them is called at 120 + 6·11 minutes.
            Assert.Equal(1.1, replication.StrandedCalledHours!.Value, 6);

            // Nobody waited when the gate shut; the line is first empty again when truck 28 is
            // called at 120 + 6·28 = 288 minutes, before truck 29 arrives at 290.
            Assert.Equal(2.8, replication.ClearanceHours!.Value, 6);
            Assert.True(replication.ClearedWithinHorizon);
        }

        Assert.Equal(expectedWaits.Average(), result.All.WaitMinutes.Mean.Mean, 6);
        Assert.Equal(0, result.All.WaitMinutes.Mean.HalfWidth, 9);
    }

    [Theory]
    [InlineData(62, 15)] // waits above 62: 120 − 4n > 62 ⇔ n ≤ 14
    [InlineData(1, 30)] // every truck that waits at all
    [InlineData(500, 0)]
    public void Spoiled_count_is_exact(double spoilAfterMinutes, int expected)
    {
        var result = QueueForecast.Run(Model(spoilAfterMinutes));
        Assert.All(result.Replications, r => Assert.Equal(expected, r.All.Spoiled));
        Assert.Equal(expected, result["fruit"].Spoiled.Mean, 9);
    }
}
