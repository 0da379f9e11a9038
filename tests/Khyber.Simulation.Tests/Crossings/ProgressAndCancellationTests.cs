using Khyber.Simulation.Crossings;

namespace Khyber.Simulation.Tests.Crossings;

public class ProgressAndCancellationTests
{
    private static CrossingScenario Scenario => new()
    {
        Lanes = 2,
        ServiceRatePerLanePerHour = 10,
        Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = 15 }],
        Closures = [new ClosureWindow(0, 12)],
        HorizonHours = 72,
        Replications = 50,
    };

    [Fact]
    public void Progress_counts_every_replication()
    {
        var reports = new System.Collections.Concurrent.ConcurrentBag<int>();
        CrossingForecast.Run(Scenario, progress: new Collect(reports));
        Assert.Equal(Enumerable.Range(1, 50), reports.Order());
    }

    [Fact]
    public void A_cancelled_forecast_stops_with_operation_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => CrossingForecast.Run(Scenario, cancellationToken: cancellation.Token));
    }

    private sealed class Collect(System.Collections.Concurrent.ConcurrentBag<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
