using Khyber.Simulation.Replications;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.QueueModels;

/// <summary>Runs a <see cref="QueueModel"/> and summarises its replications.</summary>
public static class QueueForecast
{
    public static QueueForecastResult Run(
        QueueModel model,
        ForecastOptions? options = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= ForecastOptions.Default;
        var system = model.Compile(options);
        var replications = ReplicationRunner.Run(system, model.Replications, model.Seed, options.MaxDegreeOfParallelism, progress, cancellationToken);
        return new QueueForecastResult(
            model,
            [.. system.Classes.Select((c, i) => QueueClassResult.Of(c.Name, replications.Select(r => r.Classes[i]).ToList(), options))],
            QueueClassResult.Of("all", replications.Select(r => r.All).ToList(), options),
            Estimate.Of(replications.Select(r => r.LaneUtilisation)),
            Estimate.Of(replications.Select(r => r.MeanQueueLength)),
            replications);
    }
}

/// <summary>A forecast of a <see cref="QueueModel"/>: every figure is an estimate over replications.</summary>
public sealed record QueueForecastResult(
    QueueModel Model,
    IReadOnlyList<QueueClassResult> Classes,
    QueueClassResult All,
    Estimate Utilisation,
    Estimate QueueLength,
    IReadOnlyList<ReplicationResult> Replications)
{
    public QueueClassResult this[string name] => Classes.Single(c => c.Name == name);
}

/// <summary>Waits in the queue (minutes) and counts per replication for one class.</summary>
public sealed record QueueClassResult(
    string Name,
    WaitEstimates WaitMinutes,
    Estimate Arrived,
    Estimate Served,
    Estimate BlockedFraction,
    Estimate Spoiled)
{
    /// <summary>The share of arrivals that gave up waiting.</summary>
    public Estimate GaveUpFraction { get; init; } = Estimate.Empty;

    internal static QueueClassResult Of(string name, IReadOnlyList<ClassTally> tallies, ForecastOptions options) =>
        new(
            name,
            WaitEstimates.Of(tallies, options),
            Estimate.Of(tallies.Select(t => (double)t.Arrived)),
            Estimate.Of(tallies.Select(t => (double)t.Served)),
            Estimate.Of(tallies.Select(t => t.BlockedFraction)),
            Estimate.Of(tallies.Select(t => (double)t.Spoiled)))
        {
            GaveUpFraction = Estimate.Of(tallies.Select(t => t.RenegedFraction)),
        };
}

/// <summary>Wait statistics over replications; each percentile is the mean of the replications' own percentiles.</summary>
public sealed record WaitEstimates(
    Estimate Mean,
    Estimate P50,
    Estimate P90,
    Estimate P99,
    Estimate ProbabilityOfWaiting,
    IReadOnlyList<(double Minutes, Estimate Probability)> ProbabilityAbove)
{
    internal static WaitEstimates Of(IReadOnlyList<ClassTally> tallies, ForecastOptions options) =>
        new(
            Estimate.Of(tallies.Select(t => t.MeanWaitMinutes)),
            Estimate.Of(tallies.Select(t => t.P50WaitMinutes)),
            Estimate.Of(tallies.Select(t => t.P90WaitMinutes)),
            Estimate.Of(tallies.Select(t => t.P99WaitMinutes)),
            Estimate.Of(tallies.Select(t => t.ProbabilityOfWaiting)),
            [.. options.WaitThresholdsMinutes.Select((m, i) => (m, Estimate.Of(tallies.Select(t => t.ProbabilityWaitAbove[i]))))]);

    public Estimate Above(double minutes) => ProbabilityAbove.Single(p => p.Minutes == minutes).Probability;
}
