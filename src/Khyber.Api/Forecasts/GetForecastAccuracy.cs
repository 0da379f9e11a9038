using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Forecasts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Forecasts;

/// <summary>The latest stored forecasts, each scored against what happened once its period has passed, and their running accuracy.</summary>
public sealed record ForecastAccuracyView(DateTimeOffset At, string? CrossingId, int Forecasts, int Pending, AccuracySummaryView Accuracy, IReadOnlyList<ScoredForecastView> Recent);

/// <summary>
/// <see cref="MeanAbsoluteStrandedError"/>: trucks; <see cref="MeanAbsolutePercentError"/>: a share of the trucks actually
/// stranded (0.2 = 20%); <see cref="WithinBandShare"/>: how often the actual count fell in the forecast's 10–90% band;
/// <see cref="MeanAbsoluteDaysToClearError"/>: days, over the <see cref="ClearanceCompared"/> forecasts whose backlog cleared within the horizon.
/// </summary>
public sealed record AccuracySummaryView(int Scored, double? MeanAbsoluteStrandedError, double? MeanAbsolutePercentError, double? WithinBandShare, int ClearanceCompared, double? MeanAbsoluteDaysToClearError);

/// <summary>One stored forecast: what it predicted at its reopening and, once scored, what happened.</summary>
public sealed record ScoredForecastView(
    Guid Id,
    string CrossingId,
    string Direction,
    DateTimeOffset MadeAt,
    string MadeBy,
    string Policy,
    bool Calibrated,
    DateTimeOffset? ReopensAt,
    DateTimeOffset HorizonEndsAt,
    string Status,
    PredictedView Predicted,
    ActualView? Actual);

public sealed record PredictedView(double? StrandedAtReopening, double? StrandedP10, double? StrandedP90, double? DaysToClear);

/// <summary>What happened: trucks stranded at the forecast's reopening, and days until the count was back to its size when the closure began (null: not within the horizon).</summary>
public sealed record ActualView(int? StrandedAtReopening, double? DaysToClear, bool? ClearedWithinHorizon, bool? WithinBand);

/// <summary>How the forecasts made so far compare with what happened, scored when read.</summary>
/// <remarks>
/// Scored on read (nothing is written): a forecast whose horizon has passed is compared with the direction's stranded
/// series (<see cref="ForecastScoring"/>); the series is kept, so a score read again is the same. The latest
/// <see cref="Latest"/> forecasts are listed, and the running accuracy is over those of them that could be scored.
/// </remarks>
public sealed class GetForecastAccuracy(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int Latest = 100;

    public async Task<ForecastAccuracyView> HandleAsync(Actor actor, string? crossingId, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayReadForecastAccuracy(actor), "Forecast accuracy is read by the liaisons and administrators.");
        if (crossingId is not null && (crossingId.Length > 100 || !await db.Crossings.AnyAsync(c => c.Id == crossingId, ct)))
        {
            throw Problems.Invalid("crossingId", crossingId.Length > 100 ? "No such crossing." : $"No crossing '{crossingId}'.");
        }
        var now = time.GetUtcNow();
        var records = await db.ForecastRecords.AsNoTracking()
            .Where(r => crossingId == null || r.CrossingId == crossingId)
            .OrderByDescending(r => r.MadeAt).ThenBy(r => r.Id)
            .Take(Latest)
            .ToListAsync(ct);

        var scored = new List<(ForecastRecord Record, ForecastPrediction Prediction, ForecastScore Score)>();
        foreach (var direction in records.GroupBy(r => (r.CrossingId, r.Direction)))
        {
            var predictions = direction.Select(r => (Record: r, Prediction: new ForecastPrediction(
                r.MadeAt, r.HorizonHours, r.ClosureStartsAt, r.ReopensAt, r.StrandedAtReopening, r.StrandedAtReopeningP10, r.StrandedAtReopeningP90, r.HoursToClear))).ToList();
            var due = predictions.Where(p => p.Prediction.ReopensAt is not null && p.Prediction.HorizonEndsAt <= now).ToList();
            IReadOnlyList<(DateTimeOffset At, int Trucks)> series = [];
            if (due.Count > 0)
            {
                // The stranded series over the periods to score: from before the earliest closure to the latest horizon.
                var from = due.Min(p => p.Prediction.ClosureStartsAt ?? p.Prediction.MadeAt).AddHours(-ForecastScoring.SnapshotToleranceHours);
                var to = due.Max(p => p.Prediction.HorizonEndsAt);
                var (id, dir) = direction.Key;
                series = [.. (await db.StrandedSnapshots.AsNoTracking()
                        .Where(s => s.CrossingId == id && s.Direction == dir && s.At >= from && s.At <= to)
                        .Select(s => new { s.At, s.Trucks, s.Id })
                        .ToListAsync(ct))
                    .OrderBy(s => s.At).ThenBy(s => s.Id)
                    .Select(s => (s.At, s.Trucks))];
            }
            scored.AddRange(predictions.Select(p => (p.Record, p.Prediction, ForecastScoring.Score(p.Prediction, series, now))));
        }

        var summary = ForecastScoring.Summarise(scored.Select(s => s.Score));
        return new ForecastAccuracyView(
            now,
            crossingId,
            records.Count,
            scored.Count(s => s.Score.Status == ScoreStatus.Pending),
            new AccuracySummaryView(summary.Scored, R(summary.MeanAbsoluteStrandedError), R(summary.MeanAbsolutePercentError), R(summary.WithinBandShare), summary.ClearanceCompared, R(summary.MeanAbsoluteDaysToClearError)),
            [.. scored.OrderByDescending(s => s.Record.MadeAt).ThenBy(s => s.Record.Id).Select(s => new ScoredForecastView(
                s.Record.Id,
                s.Record.CrossingId,
                s.Record.Direction.Id(),
                s.Record.MadeAt,
                s.Record.MadeBy,
                s.Record.Policy,
                s.Record.Calibrated,
                s.Record.ReopensAt,
                s.Prediction.HorizonEndsAt,
                Kebab.Word(s.Score.Status.ToString()),
                new PredictedView(s.Record.StrandedAtReopening, s.Record.StrandedAtReopeningP10, s.Record.StrandedAtReopeningP90, R(s.Record.HoursToClear / 24)),
                s.Score.Status == ScoreStatus.Scored
                    ? new ActualView(s.Score.ActualStranded, R(s.Score.ActualHoursToClear / 24), s.Score.ClearedWithinHorizon, s.Score.WithinBand)
                    : null))]);
    }

    private static double? R(double? value) => value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null;
}
