using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Forecasts;
using Khyber.Simulation;
using Khyber.Simulation.Calibration;
using Khyber.Simulation.Crossings;
using System.Text.Json;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Forecasts;

/// <summary>"If this direction closes for 72 hours from now, what happens?" — a simulation of the crossing, kept to be scored later.</summary>
/// <remarks>
/// Run by liaisons and administrators. The baseline policy asked for and the other policy are simulated side by side;
/// identical requests within a minute share a scenario and are answered from <see cref="ForecastCache"/>. Every answered
/// forecast (cached or not) is stored with its request, its inputs and what it predicted for the closure, so that
/// <see cref="GetForecastAccuracy"/> can score it once its period has passed; the forecast changes nothing else.
/// </remarks>
public sealed class RunForecast(KhyberDb db, TimeProvider time, ForecastCache cache) : IUseCase
{
    public const double MaxClosureHours = 720;
    public const double MaxHorizonHours = 2160;
    public const int MaxReplications = 1000;

    /// <summary>A confidence interval needs two replications; the simulation refuses fewer.</summary>
    public const int MinReplications = 2;

    /// <summary>Without a seed, every request uses this one, so that identical requests agree (and hit the cache).</summary>
    public const long DefaultSeed = 1;

    public async Task<ForecastView> HandleAsync(Actor actor, ForecastRequest request, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayRunForecasts(actor), "Forecasts are run by the liaisons and administrators.");

        // The forecast starts at the current minute, so that requests within a minute share a scenario (and the cache).
        var now = time.GetUtcNow();
        var origin = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var errors = new FieldErrors();
        var ask = Parse(request, errors);
        var plans = WhatIfRules.Validate(
            request.Alternatives?.Select(a => a is null ? null : new WhatIfDraft(a.Name, a.Lanes, a.Hours24, a.CapacityPerLanePerHour, a.Policy, a.GreenLaneShare, a.ClosureHours, a.LetThrough)).ToList(),
            MaxClosureHours,
            errors);
        if (plans is { Count: > 0 } && request.Replications is { } replications)
        {
            errors.Require(replications * (plans.Count + 1) <= MaxReplications, "replications",
                $"With {plans.Count} alternatives at most {MaxReplications / (plans.Count + 1)} replications: the plans and the forecast as planned run {MaxReplications} at most together.");
        }
        // Read-only until the forecast is stored at the end: nothing else is tracked or saved.
        var crossingId = request.CrossingId;
        var snapshot = string.IsNullOrWhiteSpace(crossingId) || crossingId.Length > 100 ? null : await CrossingSnapshot.LoadAsync(db, crossingId, origin, ct);
        if (!string.IsNullOrWhiteSpace(crossingId) && snapshot is null)
        {
            errors.Add("crossingId", crossingId.Length > 100 ? "No such crossing." : $"No crossing '{crossingId}'.");
        }
        Problems.ThrowIfAny(errors);

        var crossing = snapshot!.Crossing;
        var config = crossing.DirectionOf(ask!.Direction);
        errors.Require(ask.Lanes is null || ask.Lanes <= config.LanesMax, "lanes", $"Between 1 and the direction's {config.LanesMax} lanes.");
        var since = origin.AddDays(-ForecastScenario.HistoryDays);
        var history = await db.Trucks.AsNoTracking()
            .Where(t => t.CrossingId == crossing.Id && t.Direction == ask.Direction && t.ArrivedAt != null && t.ArrivedAt >= since && t.ArrivedAt <= origin)
            .Select(t => new ArrivedTruck(t.Category, t.ArrivedAt!.Value, t.RegisteredAt, t.SpoilsAt, t.ValueUsd))
            .ToListAsync(ct);
        HistoryEstimates? calibration = null;
        if (ask.Calibrate)
        {
            // Every truck that checked in within the window: when it was called, crossed, gave up or left otherwise.
            var records = await db.Trucks.AsNoTracking()
                .Where(t => t.CrossingId == crossing.Id && t.Direction == ask.Direction && t.ArrivedAt != null && t.ArrivedAt >= since && t.ArrivedAt <= origin)
                .Select(t => new { t.Category, t.ArrivedAt, t.CalledAt, t.ExitedAt, t.CancelledAt, t.SpoiledAt, t.RejectedAt, t.NoShows })
                .ToListAsync(ct);
            calibration = HistoryCalibration.Estimate(
                [.. records.Select(r => new HistoryTruck(
                    ForecastScenario.Name(r.Category),
                    r.ArrivedAt!.Value,
                    r.CalledAt,
                    r.ExitedAt,
                    // Cancelled while waiting for a call: the truck gave up; cancelled after a call, it did not wait any longer.
                    GaveUpAt: r.CancelledAt is { } cancelled && r.CalledAt is null && r.ExitedAt is null ? cancelled : null,
                    LeftAt: r.SpoiledAt ?? r.RejectedAt,
                    r.NoShows))],
                ForecastScenario.CalibrationFrom(history, origin),
                origin);
        }
        var gate = snapshot.StateOf(ask.Direction);
        var (scenario, inputs) = ForecastScenario.Build(ask, crossing, gate, history, snapshot.Queued, origin, errors, calibration);
        Problems.ThrowIfAny(errors);
        var whatIfs = plans!.Select((plan, i) => ForecastScenario.WhatIf(scenario, ask, plan, crossing, gate, origin, $"alternatives[{i}]", errors)).ToList();
        Problems.ThrowIfAny(errors);

        var options = ForecastOptions.Default;
        var key = CrossingForecast.CacheKey(scenario, options);
        var cached = cache.TryGet(key, out var baseline, out var alternative);
        CrossingForecastResult? planned = null;
        if (!cached)
        {
            // Off the request thread; the replications run in parallel and stop between replications if the caller goes away.
            var comparison = await SimulateAsync(() => CrossingForecast.Compare(scenario, options, progress: null, ct), errors, ct);
            planned = comparison.Baseline;
            baseline = ForecastFigures.Of(comparison.Baseline);
            alternative = ForecastFigures.Of(comparison.Alternative!);
            cache.Store(key, baseline, alternative);
        }

        IReadOnlyList<WhatIfView>? compared = null;
        if (whatIfs.Count > 0)
        {
            // Each plan on the seed of the forecast as planned: the same trucks arrive on the same random numbers in every plan.
            var asPlanned = planned ?? await SimulateAsync(() => CrossingForecast.Run(scenario with { Alternative = null }, options, progress: null, ct), errors, ct);
            var results = await SimulateAsync(() => whatIfs.Select(s => CrossingForecast.Run(s, options, progress: null, ct)).ToList(), errors, ct);
            compared =
            [
                WhatIfView.Of(WhatIfRules.AsPlanned, null, asPlanned, origin),
                .. results.Select((r, i) => WhatIfView.Of(plans![i].Name, request.Alternatives![i], r, origin)),
            ];
        }

        var forecastId = await StoreAsync(actor, request, ask, crossing.Id, origin, scenario, baseline, inputs, ct);
        return new ForecastView(
            crossing.Id,
            ask.Direction.Id(),
            origin,
            ask.Policy,
            ask.Replications,
            ask.Seed,
            cached,
            baseline.Points(origin),
            baseline.ClearanceHours,
            baseline.StrandedCalledHours,
            baseline.WaitMinutes,
            baseline.Spoiled,
            baseline.Crossed,
            baseline.LaneUtilisation,
            baseline.StillWaiting,
            alternative.At(origin),
            inputs)
        {
            Alternatives = compared,
            ForecastId = forecastId,
        };
    }

    /// <summary>Keeps the forecast with its request and inputs, and what it predicted at the (last) reopening: the mean and 10–90% band of trucks waiting, and the hours to clear.</summary>
    private async Task<Guid> StoreAsync(Actor actor, ForecastRequest request, ForecastAsk ask, string crossingId, DateTimeOffset origin, CrossingScenario scenario, ForecastFigures figures, ForecastInputs inputs, CancellationToken ct)
    {
        var last = scenario.Closures.Count == 0 ? null : scenario.Closures.MaxBy(c => c.StartHour + c.Hours);
        var atReopening = last is null ? null : figures.Backlog.LastOrDefault(b => b.AtHours <= last.StartHour + last.Hours + 1e-9);
        var record = new ForecastRecord
        {
            Id = Guid.NewGuid(),
            CrossingId = crossingId,
            Direction = ask.Direction,
            MadeAt = origin,
            MadeBy = actor.UserName,
            Policy = ask.Policy,
            HorizonHours = ask.HorizonHours,
            Replications = ask.Replications,
            Calibrated = ask.Calibrate,
            ClosureStartsAt = last is null ? null : origin.AddHours(last.StartHour),
            ReopensAt = last is null ? null : origin.AddHours(last.StartHour + last.Hours),
            StrandedAtReopening = atReopening is null ? null : ForecastFigures.N(atReopening.Mean),
            StrandedAtReopeningP10 = atReopening is null ? null : ForecastFigures.N(atReopening.P10),
            StrandedAtReopeningP90 = atReopening is null ? null : ForecastFigures.N(atReopening.P90),
            HoursToClear = figures.ClearanceHours?.Mean,
            Request = JsonSerializer.Serialize(request, JsonOptions),
            Inputs = JsonSerializer.Serialize(inputs, JsonOptions),
        };
        db.ForecastRecords.Add(record);
        db.Acting(actor, nameof(RunForecast), $"forecastrecord/{record.Id}");
        await db.SaveChangesAsync(ct);
        return record.Id;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Runs the simulation off the request thread; a scenario it refuses is a refusal naming the request's fields.</summary>
    private static async Task<T> SimulateAsync<T>(Func<T> simulate, FieldErrors errors, CancellationToken ct)
    {
        try
        {
            return await Task.Run(simulate, ct);
        }
        catch (ForecastInputException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                foreach (var message in messages)
                {
                    errors.Add(FieldOf(field), message);
                }
            }
            throw Problems.Invalid(errors);
        }
    }

    /// <summary>Checks each field on its own; null when any is wrong (the errors name them).</summary>
    private static ForecastAsk? Parse(ForecastRequest r, FieldErrors errors)
    {
        errors.Require(!string.IsNullOrWhiteSpace(r.CrossingId), "crossingId", "Required: the crossing's id, such as torkham.");
        errors.Require(Directions.TryParse(r.Direction, out var direction), "direction", "Must be PK-AF or AF-PK.");
        if (r.Closure is { } closure)
        {
            errors.Require(closure.Hours is >= 0 and <= MaxClosureHours, "closure.hours", $"Required with a closure: 0 to {MaxClosureHours} hours.");
        }
        errors.Require(r.HorizonHours is >= 1 and <= MaxHorizonHours, "horizonHours", $"Required: how far ahead to forecast, 1 to {MaxHorizonHours} hours.");
        errors.Require(r.Replications is >= MinReplications and <= MaxReplications, "replications",
            $"Required: {MinReplications} to {MaxReplications} runs of the simulation (two at least, for a confidence interval).");
        errors.Require(r.Policy is "fifo" or "green-lane", "policy", "Required: fifo or green-lane.");
        errors.Require(r.Lanes is null or >= 1, "lanes", "At least 1 lane (at most the direction's lanesMax).");
        if (errors.Any)
        {
            return null;
        }
        return new ForecastAsk(
            r.CrossingId!,
            direction,
            r.Closure is { } c ? new ClosureAsk(c.StartsAt?.ToUniversalTime(), c.Hours!.Value) : null,
            r.HorizonHours!.Value,
            r.Replications!.Value,
            r.Seed ?? DefaultSeed,
            r.Policy!,
            r.Lanes,
            r.FromLiveQueue ?? false,
            r.Calibrate ?? false);
    }

    /// <summary>The simulation names its own fields; those the request has keep their names.</summary>
    private static string FieldOf(string field) => field switch
    {
        "" => "body",
        _ when field.StartsWith("closures", StringComparison.Ordinal) => "closure",
        _ => field,
    };
}
