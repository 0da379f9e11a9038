using Khyber.Simulation.Crossings;
using Khyber.Simulation.Replications;

namespace Khyber.Simulation.Networks;

/// <summary>Forecasts a network of crossings: one forecast per crossing, from the same replications.</summary>
public static class NetworkForecast
{
    /// <exception cref="ForecastInputException">The network cannot be simulated; the errors name the fields.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between replications.</exception>
    public static NetworkForecastResult Run(
        NetworkScenario network,
        ForecastOptions? options = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= ForecastOptions.Default;
        var system = NetworkCompiler.Compile(network, options);
        var replications = ReplicationRunner.RunAll(system, network.Replications, network.Seed, options.MaxDegreeOfParallelism, progress, cancellationToken);
        var crossings = network.Crossings
            .Select((_, s) => CrossingForecast.Summarise(network.Member(s), system, s, [.. replications.Select(r => r[s])], options))
            .ToArray();
        return new NetworkForecastResult(network.Name, network, crossings);
    }
}

/// <summary>What a network forecast found: each crossing's forecast, in the order of the scenario.</summary>
public sealed record NetworkForecastResult(string Name, NetworkScenario Scenario, IReadOnlyList<CrossingForecastResult> Crossings)
{
    public CrossingForecastResult this[string crossing] => Crossings.Single(c => c.Name == crossing);
}
