using Khyber.Domain.Crossings;

namespace Khyber.Domain.Commitments;

/// <summary>What is measured of a commitment, each day, from the crossing's own records.</summary>
public enum MetricKind
{
    /// <summary>Trucks let through in a direction: the exits the departing side recorded and the entries the arriving side recorded.</summary>
    TrucksThrough,

    /// <summary>Hours the obligor's gate was open within its operating hours.</summary>
    HoursOpen,

    /// <summary>Share of the obligor's non-emergency notices given with at least the agreed hours of warning.</summary>
    NoticeWarning,

    /// <summary>Share of the other side's notices the obligor acknowledged within the agreed minutes.</summary>
    NoticesAcknowledged,

    /// <summary>Share of the other side's incidents the obligor answered within the agreed hours.</summary>
    IncidentsAnswered,

    /// <summary>Perishable trucks spoiled while waiting, over the seven days up to the day.</summary>
    PerishablesSpoiled,
}

/// <summary>Which way the measured value must lie from the target.</summary>
public enum Comparison
{
    AtLeast,
    AtMost,
}

/// <summary>A commitment's metric: where and what is measured, the target and which way it must be met, from which day.</summary>
public sealed class CommitmentMetric
{
    public required MetricKind Kind { get; init; }

    public required string CrossingId { get; init; }

    /// <summary>The direction measured: required for trucks through; optional (both directions) for hours open and spoilage.</summary>
    public Direction? Direction { get; init; }

    public required double Target { get; init; }

    public required Comparison Comparison { get; init; }

    /// <summary>Notice warning: the hours of warning a notice must give.</summary>
    public int? WarningHours { get; init; }

    /// <summary>Notices acknowledged: the minutes the obligor has to acknowledge.</summary>
    public int? WithinMinutes { get; init; }

    /// <summary>Incidents answered: the hours the obligor has to answer.</summary>
    public int? WithinHours { get; init; }

    /// <summary>The first day evaluated, on the obligor's clock; may lie before the commitment was recorded, as a baseline.</summary>
    public required DateOnly MeasuredFrom { get; init; }
}

/// <summary>A commitment's metric as submitted, every field raw.</summary>
public sealed record MetricDraft(
    string? Kind,
    string? CrossingId,
    string? Direction,
    double? Target,
    string? Comparison,
    int? WarningHours,
    int? WithinMinutes,
    int? WithinHours,
    DateOnly? MeasuredFrom);

/// <summary>What a metric must satisfy, field by field (each named <c>metric.field</c>).</summary>
public static class MetricRules
{
    public const int MaxTrucks = 100_000;
    public const int MaxWarningHours = 720;
    public const int MaxWithinMinutes = 10_080;
    public const int MaxWithinHours = 720;

    /// <summary>How far back a baseline may start: the days the server measures again when a metric is added.</summary>
    public const int MaxBaselineDays = 92;

    /// <summary>
    /// Checks a metric against its crossing (null when the named one does not exist); null when any field is wrong.
    /// <paramref name="today"/> is today on the obligor's clock at that crossing.
    /// </summary>
    public static CommitmentMetric? Validate(MetricDraft d, Crossing? crossing, DateOnly today, FieldErrors errors)
    {
        const string p = "metric.";
        var before = errors.All.Count;
        var kindOk = errors.Require(Kebab.TryParse<MetricKind>(d.Kind, out var kind), p + "kind", $"Required: what is measured, one of {Kebab.Words<MetricKind>()}.");
        if (errors.Require(!string.IsNullOrWhiteSpace(d.CrossingId), p + "crossingId", "Required: the crossing whose records are measured, such as torkham."))
        {
            errors.Require(crossing is not null, p + "crossingId", $"No crossing '{d.CrossingId}'.");
        }

        Direction? direction = null;
        if (d.Direction is not null)
        {
            if (!Directions.TryParse(d.Direction, out var parsed))
            {
                errors.Add(p + "direction", "PK-AF or AF-PK.");
            }
            else if (crossing is not null && crossing.Directions.All(x => x.Direction != parsed))
            {
                errors.Add(p + "direction", $"{crossing.Name} has no direction {parsed.Id()}.");
            }
            else
            {
                direction = parsed;
            }
        }

        if (kindOk)
        {
            if (kind == MetricKind.TrucksThrough)
            {
                errors.Require(d.Direction is not null, p + "direction", "Required for trucks through: the direction counted, PK-AF or AF-PK.");
            }
            else if (kind is not (MetricKind.HoursOpen or MetricKind.PerishablesSpoiled) && d.Direction is not null)
            {
                errors.Add(p + "direction", $"Not used by {Kebab.Word(kind.ToString())}: leave it out.");
            }
            Parameter(d.WarningHours, kind == MetricKind.NoticeWarning, MaxWarningHours, p + "warningHours", "the hours of warning a notice must give", kind, errors);
            Parameter(d.WithinMinutes, kind == MetricKind.NoticesAcknowledged, MaxWithinMinutes, p + "withinMinutes", "the minutes allowed to acknowledge a notice", kind, errors);
            Parameter(d.WithinHours, kind == MetricKind.IncidentsAnswered, MaxWithinHours, p + "withinHours", "the hours allowed to answer an incident", kind, errors);
            CheckTarget(kind, d.Target, p + "target", errors);
        }
        else if (d.Target is null)
        {
            errors.Add(p + "target", "Required: the target, a number.");
        }

        var comparison = kindOk ? DefaultComparison(kind) : Comparison.AtLeast;
        if (d.Comparison is not null)
        {
            errors.Require(Kebab.TryParse(d.Comparison, out comparison), p + "comparison", $"One of {Kebab.Words<Comparison>()}.");
        }

        var from = d.MeasuredFrom ?? today;
        if (d.MeasuredFrom is { } asked)
        {
            errors.Require(asked >= today.AddDays(-MaxBaselineDays), p + "measuredFrom", $"At most {MaxBaselineDays} days back ({today.AddDays(-MaxBaselineDays):yyyy-MM-dd}).");
            errors.Require(asked <= today.AddDays(366), p + "measuredFrom", "At most a year ahead.");
        }

        return errors.All.Count > before ? null : new CommitmentMetric
        {
            Kind = kind,
            CrossingId = crossing!.Id,
            Direction = direction,
            Target = d.Target!.Value,
            Comparison = comparison,
            WarningHours = d.WarningHours,
            WithinMinutes = d.WithinMinutes,
            WithinHours = d.WithinHours,
            MeasuredFrom = from,
        };
    }

    /// <summary>Spoilage is kept under a ceiling; everything else is a floor.</summary>
    public static Comparison DefaultComparison(MetricKind kind) => kind == MetricKind.PerishablesSpoiled ? Comparison.AtMost : Comparison.AtLeast;

    /// <summary>What the target of a kind is, in words: a count, hours or a share.</summary>
    private static void CheckTarget(MetricKind kind, double? target, string field, FieldErrors errors)
    {
        if (target is not { } t)
        {
            errors.Add(field, "Required: the target, a number.");
            return;
        }
        switch (kind)
        {
            case MetricKind.TrucksThrough or MetricKind.PerishablesSpoiled:
                errors.Require(t >= 0 && t <= MaxTrucks && Math.Floor(t) == t, field, $"A whole number of trucks, 0 to {MaxTrucks}.");
                break;
            case MetricKind.HoursOpen:
                errors.Require(t is >= 0 and <= 25, field, "Hours in a day, 0 to 25 (a target above a day's operating hours means all of them).");
                break;
            default:
                errors.Require(t is >= 0 and <= 1, field, "A share from 0 to 1 (0.9 is nine in ten).");
                break;
        }
    }

    private static void Parameter(int? value, bool used, int max, string field, string what, MetricKind kind, FieldErrors errors)
    {
        if (!used)
        {
            errors.Require(value is null, field, $"Not used by {Kebab.Word(kind.ToString())}: leave it out.");
            return;
        }
        if (errors.Require(value is not null, field, $"Required: {what}, 1 to {max}."))
        {
            errors.Require(value is >= 1 && value <= max, field, $"Out of range: {what} must be 1 to {max}.");
        }
    }
}
