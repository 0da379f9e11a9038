namespace Khyber.Domain.Forecasts;

/// <summary>What a stored forecast predicted for its closure: trucks stranded at the reopening (mean, 10–90% band) and hours to clear.</summary>
public sealed record ForecastPrediction(
    DateTimeOffset MadeAt,
    double HorizonHours,
    DateTimeOffset? ClosureStartsAt,
    DateTimeOffset? ReopensAt,
    double? Stranded,
    double? StrandedP10,
    double? StrandedP90,
    double? HoursToClear)
{
    public DateTimeOffset HorizonEndsAt => MadeAt.AddHours(HorizonHours);
}

/// <summary><c>pending</c> until the forecast's horizon has passed; <c>no-closure</c> and <c>no-record</c> cannot be scored.</summary>
public enum ScoreStatus
{
    Pending,
    Scored,
    NoClosure,
    NoRecord,
}

/// <summary>
/// A forecast against what happened: the trucks stranded at its reopening and the hours until the stranded count was
/// back to its size when the closure began (null when that did not happen within the horizon, or nothing to compare).
/// </summary>
public sealed record ForecastScore(
    ScoreStatus Status,
    int? ActualStranded,
    double? ActualHoursToClear,
    bool? ClearedWithinHorizon,
    double? StrandedError,
    bool? WithinBand,
    double? HoursToClearError)
{
    public static readonly ForecastScore Pending = new(ScoreStatus.Pending, null, null, null, null, null, null);
}

/// <summary>The running accuracy of the scored forecasts.</summary>
public sealed record AccuracySummary(
    int Scored,
    double? MeanAbsoluteStrandedError,
    double? MeanAbsolutePercentError,
    double? WithinBandShare,
    int ClearanceCompared,
    double? MeanAbsoluteDaysToClearError);

/// <summary>Scores stored forecasts against a direction's stranded series once the period they forecast has passed.</summary>
/// <remarks>
/// The stranded series has a point an hour (the status snapshots); the point that tells the count at an instant is the
/// last one at or before it, at most <see cref="SnapshotToleranceHours"/> earlier.
/// </remarks>
public static class ForecastScoring
{
    public const double SnapshotToleranceHours = 2;

    /// <summary>Scores one forecast; <paramref name="series"/> is the direction's stranded counts in time order.</summary>
    public static ForecastScore Score(ForecastPrediction p, IReadOnlyList<(DateTimeOffset At, int Trucks)> series, DateTimeOffset now)
    {
        if (p.ReopensAt is not { } reopens)
        {
            return ForecastScore.Pending with { Status = ScoreStatus.NoClosure };
        }
        if (now < p.HorizonEndsAt)
        {
            return ForecastScore.Pending;
        }
        if (CountAt(series, reopens) is not { } stranded)
        {
            return ForecastScore.Pending with { Status = ScoreStatus.NoRecord };
        }

        double? hoursToClear = null;
        bool? cleared = null;
        if (CountAt(series, p.ClosureStartsAt ?? p.MadeAt) is { } before)
        {
            var back = series.FirstOrDefault(x => x.At >= reopens && x.At <= p.HorizonEndsAt && x.Trucks <= before);
            cleared = back != default;
            hoursToClear = cleared == true ? (back.At - reopens).TotalHours : null;
        }

        return new ForecastScore(
            ScoreStatus.Scored,
            stranded,
            hoursToClear,
            cleared,
            p.Stranded - stranded,
            p.StrandedP10 is { } low && p.StrandedP90 is { } high ? stranded >= low && stranded <= high : null,
            hoursToClear is { } actual && p.HoursToClear is { } predicted ? predicted - actual : null);
    }

    /// <summary>Mean absolute errors (stranded trucks; days to clear where both cleared), the mean absolute percentage error where trucks were stranded, the share inside the 10–90% band.</summary>
    public static AccuracySummary Summarise(IEnumerable<ForecastScore> scores)
    {
        var scored = scores.Where(s => s.Status == ScoreStatus.Scored).ToList();
        var errors = scored.Where(s => s.StrandedError is not null).Select(s => Math.Abs(s.StrandedError!.Value)).ToList();
        var percent = scored.Where(s => s is { StrandedError: not null, ActualStranded: > 0 }).Select(s => Math.Abs(s.StrandedError!.Value) / s.ActualStranded!.Value).ToList();
        var band = scored.Where(s => s.WithinBand is not null).ToList();
        var clearance = scored.Where(s => s.HoursToClearError is not null).Select(s => Math.Abs(s.HoursToClearError!.Value) / 24).ToList();
        return new AccuracySummary(
            scored.Count,
            errors.Count == 0 ? null : errors.Average(),
            percent.Count == 0 ? null : percent.Average(),
            band.Count == 0 ? null : (double)band.Count(s => s.WithinBand == true) / band.Count,
            clearance.Count,
            clearance.Count == 0 ? null : clearance.Average());
    }

    /// <summary>The stranded count at <paramref name="at"/>: the last point at or before it within the tolerance.</summary>
    public static int? CountAt(IReadOnlyList<(DateTimeOffset At, int Trucks)> series, DateTimeOffset at)
    {
        (DateTimeOffset At, int Trucks)? last = null;
        foreach (var point in series)
        {
            if (point.At > at)
            {
                break;
            }
            last = point;
        }
        return last is { } p && (at - p.At).TotalHours <= SnapshotToleranceHours ? p.Trucks : null;
    }
}
