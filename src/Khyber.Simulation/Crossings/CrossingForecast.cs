using System.Security.Cryptography;
using System.Text.Json;
using Khyber.Simulation.QueueModels;
using Khyber.Simulation.Replications;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.Crossings;

/// <summary>Forecasts a crossing scenario: the entry point for the command line and the web service.</summary>
/// <remarks>
/// Replications run in parallel, each from its own random stream of <see cref="CrossingScenario.Seed"/>,
/// so the same scenario always gives the same forecast. A 72-hour closure with 200 replications
/// takes well under a second on two cores.
/// </remarks>
public static class CrossingForecast
{
    /// <exception cref="ForecastInputException">The scenario cannot be simulated; the errors name the fields.</exception>
    /// <exception cref="OperationCanceledException">Cancelled between replications.</exception>
    public static CrossingForecastResult Run(
        CrossingScenario scenario,
        ForecastOptions? options = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= ForecastOptions.Default;
        var system = CrossingCompiler.Compile(scenario, options);
        var replications = ReplicationRunner.Run(system, scenario.Replications, scenario.Seed, options.MaxDegreeOfParallelism, progress, cancellationToken);
        return Summarise(scenario, system, 0, replications, options);
    }

    /// <summary>A key that is equal for two requests exactly when their forecasts are: the scenario and the options that change the result.</summary>
    /// <remarks>
    /// A forecast depends only on its inputs and seed, so a cache keyed by this can answer repeated
    /// requests. (The scenario record holds lists, which compare by reference, so it cannot be the key itself.)
    /// </remarks>
    public static string CacheKey(CrossingScenario scenario, ForecastOptions? options = null)
    {
        options ??= ForecastOptions.Default;
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new { scenario, options.BacklogStepHours, options.WaitThresholdsMinutes },
            ForecastInput.JsonOptions);
        return Convert.ToHexString(SHA256.HashData(json));
    }

    /// <summary>The scenario and its <see cref="CrossingScenario.Alternative"/> (if any), on the same random numbers so the difference is the change's own.</summary>
    /// <remarks>Progress counts the replications of both: 0..2 × replications.</remarks>
    public static CrossingComparison Compare(
        CrossingScenario scenario,
        ForecastOptions? options = null,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var baseline = Run(scenario, options, progress, cancellationToken);
        if (scenario.Alternative is not { } alternative)
        {
            return new CrossingComparison(baseline, null);
        }

        var offset = progress is null ? null : new Progress(progress, scenario.Replications);
        return new CrossingComparison(baseline, Run(scenario.With(alternative), options, offset, cancellationToken));
    }

    /// <summary>The forecast of one station (crossing) from its result in every replication.</summary>
    internal static CrossingForecastResult Summarise(CrossingScenario scenario, QueueingSystem system, int station, ReplicationResult[] replications, ForecastOptions options)
    {
        var reopening = system.Stations[station].ReopeningHours;
        var backlog = Band(system, replications, r => r.Backlog);
        var waits = system.Classes
            .Where(c => c.Station == station)
            .Select((c, i) => new CategoryForecast(
                c.Name,
                Band(system, replications, r => r.BacklogByClass[i]),
                WaitEstimates.Of([.. replications.Select(r => r.Classes[i])], options),
                Estimate.Of(replications.Select(r => (double)r.Classes[i].Arrived)),
                Estimate.Of(replications.Select(r => (double)r.Classes[i].Served)),
                Estimate.Of(replications.Select(r => (double)r.Classes[i].Spoiled)),
                Estimate.Of(replications.Select(r => r.Classes[i].SpoiledValueUsd)))
            {
                GaveUp = Estimate.Of(replications.Select(r => (double)r.Classes[i].Reneged)),
                GaveUpValueUsd = Estimate.Of(replications.Select(r => r.Classes[i].RenegedValueUsd)),
                TurnedAway = Estimate.Of(replications.Select(r => (double)r.Classes[i].Blocked)),
                DivertedIn = Estimate.Of(replications.Select(r => (double)r.Classes[i].DivertedIn)),
                DivertedOut = Estimate.Of(replications.Select(r => (double)r.Classes[i].DivertedOut)),
            })
            .ToArray();

        return new CrossingForecastResult(
            scenario.Name,
            scenario,
            backlog,
            reopening is null ? null : Estimate.Of(replications.Select(r => r.ClearanceHours ?? double.NaN)),
            replications.Count(r => r.ClearedWithinHorizon) / (double)replications.Length,
            reopening is null ? null : Estimate.Of(replications.Select(r => r.StrandedCalledHours ?? double.NaN)),
            waits,
            WaitEstimates.Of([.. replications.Select(r => r.All)], options),
            Estimate.Of(replications.Select(r => (double)r.All.Spoiled)),
            Estimate.Of(replications.Select(r => r.All.SpoiledValueUsd)),
            Estimate.Of(replications.Select(r => (double)r.Crossed)),
            Estimate.Of(replications.Select(r => r.LaneUtilisation)),
            Estimate.Of(replications.Select(r => (double)r.All.StillWaiting)),
            replications)
        {
            GaveUp = Estimate.Of(replications.Select(r => (double)r.All.Reneged)),
            GaveUpValueUsd = Estimate.Of(replications.Select(r => r.All.RenegedValueUsd)),
            TurnedAway = Estimate.Of(replications.Select(r => (double)r.All.Blocked)),
            DivertedIn = Estimate.Of(replications.Select(r => (double)r.All.DivertedIn)),
            DivertedOut = Estimate.Of(replications.Select(r => (double)r.All.DivertedOut)),
        };
    }

    /// <summary>Mean and 10–90% band over replications at each backlog sample time.</summary>
    private static BacklogPoint[] Band(QueueingSystem system, ReplicationResult[] replications, Func<ReplicationResult, IReadOnlyList<int>> series)
    {
        var band = new BacklogPoint[system.BacklogSampleCount];
        var column = new double[replications.Length];
        for (var i = 0; i < band.Length; i++)
        {
            for (var r = 0; r < replications.Length; r++)
            {
                column[r] = series(replications[r])[i];
            }

            var estimate = Estimate.Of(column);
            band[i] = new BacklogPoint(i * system.BacklogStepHours, estimate.Mean, estimate.P10, estimate.P90);
        }

        return band;
    }

    private sealed class Progress(IProgress<int> inner, int offset) : IProgress<int>
    {
        public void Report(int value) => inner.Report(offset + value);
    }
}

/// <summary>A forecast and its alternative side by side.</summary>
public sealed record CrossingComparison(CrossingForecastResult Baseline, CrossingForecastResult? Alternative);

/// <summary>Trucks waiting at an offset from the start: mean and the 10–90% band over replications.</summary>
public sealed record BacklogPoint(double AtHours, double Mean, double P10, double P90);

/// <summary>One cargo category's backlog, waits (minutes, in the queue) and counts per replication.</summary>
public sealed record CategoryForecast(
    string Name,
    IReadOnlyList<BacklogPoint> Backlog,
    WaitEstimates WaitMinutes,
    Estimate Arrived,
    Estimate Crossed,
    Estimate SpoiledTrucks,
    Estimate SpoiledValueUsd)
{
    /// <summary>Trucks that gave up waiting (they did not cross here).</summary>
    public Estimate GaveUp { get; init; } = Estimate.Empty;

    /// <summary>Value of the cargo of the trucks that gave up.</summary>
    public Estimate GaveUpValueUsd { get; init; } = Estimate.Empty;

    /// <summary>Trucks turned away on arrival because the parking was full.</summary>
    public Estimate TurnedAway { get; init; } = Estimate.Empty;

    /// <summary>Trucks that came here from another crossing (included in <see cref="Arrived"/>).</summary>
    public Estimate DivertedIn { get; init; } = Estimate.Empty;

    /// <summary>Trucks that gave up or were turned away here and drove on to another crossing.</summary>
    public Estimate DivertedOut { get; init; } = Estimate.Empty;
}

/// <summary>What a crossing forecast found. Every <see cref="Estimate"/> is over replications (mean with 99% CI, and p10/p50/p90 between replications).</summary>
/// <remarks>
/// <see cref="ClearanceHours"/> runs from the reopening until the backlog is back to what it was
/// when the closure began; <see cref="StrandedCalledHours"/> until the last truck stranded by the
/// closure has been called (shorter under first-in-first-out, where new arrivals queue behind them).
/// Maps onto the API contract as: <c>backlog</c> ← <see cref="Backlog"/> (offset hours → time);
/// <c>clearanceHours</c> ← <see cref="ClearanceHours"/> (Mean, P90); <c>waitMinutes</c> ←
/// <see cref="Categories"/> (WaitMinutes Mean.Mean, P50.Mean, P90.Mean, P99.Mean); <c>spoiled</c> ←
/// <see cref="SpoiledTrucks"/> and <see cref="SpoiledValueUsd"/> (Mean, P90); <c>crossed</c> ←
/// <see cref="Crossed"/>.Mean.
/// </remarks>
public sealed record CrossingForecastResult(
    string Name,
    CrossingScenario Scenario,
    IReadOnlyList<BacklogPoint> Backlog,
    Estimate? ClearanceHours,
    double ClearedWithinHorizonFraction,
    Estimate? StrandedCalledHours,
    IReadOnlyList<CategoryForecast> Categories,
    WaitEstimates AllWaitMinutes,
    Estimate SpoiledTrucks,
    Estimate SpoiledValueUsd,
    Estimate Crossed,
    Estimate LaneUtilisation,
    Estimate StillWaiting,
    IReadOnlyList<ReplicationResult> Replications)
{
    public CategoryForecast this[string category] => Categories.Single(c => c.Name == category);

    /// <summary>Trucks that gave up waiting, over all categories.</summary>
    public Estimate GaveUp { get; init; } = Estimate.Empty;

    public Estimate GaveUpValueUsd { get; init; } = Estimate.Empty;

    /// <summary>Trucks turned away on arrival because the parking was full.</summary>
    public Estimate TurnedAway { get; init; } = Estimate.Empty;

    public Estimate DivertedIn { get; init; } = Estimate.Empty;

    public Estimate DivertedOut { get; init; } = Estimate.Empty;
}
