using Khyber.Domain.Crossings;
using Khyber.Domain.Records;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Commitments;

/// <summary>
/// A day of a measured commitment, computed: the value, the target compared with, the result and the counts behind them;
/// <c>Records</c> runs from the start of the earliest span of records read to the end of the latest, and <c>Cutoff</c> is
/// when the day was over on both sides' clocks (records made later are not read).
/// </summary>
public sealed record Evaluation(
    DateOnly Day,
    MetricKind Kind,
    double? Value,
    double Target,
    Comparison Comparison,
    EvaluationResult Result,
    IReadOnlyDictionary<string, double> Counts,
    BorderSpan Records,
    DateTimeOffset Cutoff);

/// <summary>Measures a commitment's day from the crossing's own records: one pure function, shared by the server and the command line.</summary>
/// <remarks>
/// <para><b>Whose day.</b> Every record belongs to a side and is counted on that side's calendar day at the crossing, midnight
/// to midnight on the clock it keeps there (<c>CrossingSide.TimeZone</c>) — 23 or 25 hours long when that clock changes:
/// exits to the departing side, entries to the arriving side, a gate, its notices, its acknowledgements and its answers to
/// the side that keeps them. Spoilage, which the system marks, is counted on the obligor's clock.</para>
/// <para><b>When.</b> A day is measured once it is over on both sides' clocks (<see cref="DayOver"/>), from the records as
/// they stood then (<see cref="CrossingFacts.AsKnownAt"/>): an acknowledgement or an answer given later does not count,
/// and measuring the day again later gives the same result.</para>
/// <para><b>The kinds</b> (the value, and the counts kept as evidence):</para>
/// <list type="bullet">
/// <item><b>trucks-through</b> (direction): exits the departing side recorded on its day and entries the arriving side
/// recorded on its day; the value is the obligor's own record — exits when it departs, entries when it receives.</item>
/// <item><b>hours-open</b>: hours the obligor's gate was open within its operating hours on its day (for one direction, or
/// the gate as a whole at its most restrictive); the target is capped at the day's operating hours, so a round-the-clock
/// gate meets "24 hours" on a 23-hour day by being open all 23.</item>
/// <item><b>notice-warning</b> (warningHours): of the obligor's notices issued on its day, the share of those not marked
/// emergency that took effect at least warningHours after they were issued.</item>
/// <item><b>notices-acknowledged</b> (withinMinutes): of the other side's notices whose acknowledgement fell due on the
/// obligor's day (issued + withinMinutes), the share the obligor acknowledged by then; the slowest acknowledgement too.</item>
/// <item><b>incidents-answered</b> (withinHours): of the other side's incidents whose answer fell due on the obligor's day
/// (logged + withinHours), the share the obligor answered by then.</item>
/// <item><b>perishables-spoiled</b> (direction optional): perishable trucks spoiled while waiting over the seven days
/// ending with the day; a ceiling, compared at most.</item>
/// </list>
/// A share of nothing (no notice, none due) is <see cref="EvaluationResult.NothingToMeasure"/>, neither met nor missed.
/// </remarks>
public static class CommitmentMetrics
{
    /// <summary>When <paramref name="day"/> is over on both sides' clocks.</summary>
    public static DateTimeOffset DayOver(DateOnly day, IEnumerable<SideClock> sides) => sides.Max(s => s.Day(day).To);

    /// <summary>The latest day over on both sides' clocks at <paramref name="now"/>.</summary>
    public static DateOnly LastDayOver(DateTimeOffset now, IEnumerable<SideClock> sides) =>
        sides.Min(s => WallClock.Today(now, s.Zone)).AddDays(-1);

    /// <summary>
    /// The span of records that measuring days <paramref name="first"/> to <paramref name="last"/> reads: from the earliest
    /// side's first midnight, less what the kind looks back (the week of spoilage, the time allowed to acknowledge or
    /// answer), to when the last day is over.
    /// </summary>
    public static BorderSpan RecordsNeeded(CommitmentMetric metric, DateOnly first, DateOnly last, IReadOnlyList<SideClock> sides)
    {
        var back = metric.Kind switch
        {
            MetricKind.PerishablesSpoiled => TimeSpan.FromDays(7),
            MetricKind.NoticesAcknowledged => TimeSpan.FromMinutes(metric.WithinMinutes ?? 0),
            MetricKind.IncidentsAnswered => TimeSpan.FromHours(metric.WithinHours ?? 0),
            _ => TimeSpan.Zero,
        };
        return new BorderSpan(sides.Min(s => s.Day(first).From) - back, DayOver(last, sides));
    }

    public static Evaluation Evaluate(Side obligor, CommitmentMetric metric, DateOnly day, CrossingFacts facts)
    {
        var cutoff = DayOver(day, facts.Sides);
        var known = facts.AsKnownAt(cutoff);
        var own = known.Clock(obligor).Day(day);
        var target = metric.Target;
        double? value;
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var records = own;
        switch (metric.Kind)
        {
            case MetricKind.TrucksThrough:
            {
                var direction = metric.Direction ?? throw new InvalidOperationException("A trucks-through metric names its direction.");
                var exitDay = known.Clock(direction.DepartureSide()).Day(day);
                var entryDay = known.Clock(direction.ArrivalSide()).Day(day);
                var exits = known.Trucks.Count(t => t.Direction == direction && t.ExitedAt is { } x && exitDay.Contains(x));
                var entries = known.Trucks.Count(t => t.Direction == direction && t.EnteredAt is { } e && entryDay.Contains(e));
                counts["exits"] = exits;
                counts["entries"] = entries;
                counts["difference"] = exits - entries;
                value = obligor == direction.DepartureSide() ? exits : entries;
                records = Span(exitDay, entryDay);
                break;
            }
            case MetricKind.HoursOpen:
            {
                var gate = GateRecord.Measure(known.Clock(obligor), known.GateNotices(), metric.Direction, own);
                counts["dayHours"] = gate.SpanHours;
                counts["operatingHours"] = gate.OperatingHours;
                counts["openHours"] = gate.OpenHours;
                counts["restrictedHours"] = gate.RestrictedHours;
                counts["closedHours"] = gate.ClosedHours;
                counts["agreedHours"] = metric.Target;
                target = Math.Min(metric.Target, gate.OperatingHours);
                value = gate.OpenHours;
                break;
            }
            case MetricKind.NoticeWarning:
            {
                var warning = TimeSpan.FromHours(metric.WarningHours ?? 0);
                var issued = known.Notices.Where(n => n.Side == obligor && own.Contains(n.IssuedAt)).ToList();
                var planned = issued.Where(n => !n.Emergency).ToList();
                var warned = planned.Count(n => n.EffectiveFrom - n.IssuedAt >= warning);
                counts["issued"] = issued.Count;
                counts["emergency"] = issued.Count - planned.Count;
                counts["planned"] = planned.Count;
                counts["withWarning"] = warned;
                if (planned.Count > 0)
                {
                    counts["shortestWarningHours"] = GateRecord.Hours(planned.Min(n => n.EffectiveFrom - n.IssuedAt));
                }
                value = planned.Count == 0 ? null : (double)warned / planned.Count;
                break;
            }
            case MetricKind.NoticesAcknowledged:
            {
                var allowed = TimeSpan.FromMinutes(metric.WithinMinutes ?? 0);
                var due = known.Notices.Where(n => n.Side == obligor.Other() && own.Contains(n.IssuedAt + allowed)).ToList();
                var inTime = due.Count(n => n.AcknowledgedAt <= n.IssuedAt + allowed);
                var acknowledged = due.Where(n => n.AcknowledgedAt is not null).ToList();
                counts["due"] = due.Count;
                counts["inTime"] = inTime;
                counts["late"] = acknowledged.Count - inTime;
                counts["unacknowledged"] = due.Count - acknowledged.Count;
                if (acknowledged.Count > 0)
                {
                    counts["slowestMinutes"] = Math.Round(acknowledged.Max(n => (n.AcknowledgedAt!.Value - n.IssuedAt).TotalMinutes), 2);
                }
                value = due.Count == 0 ? null : (double)inTime / due.Count;
                records = new BorderSpan(own.From - allowed, own.To);
                break;
            }
            case MetricKind.IncidentsAnswered:
            {
                var allowed = TimeSpan.FromHours(metric.WithinHours ?? 0);
                var due = known.Incidents.Where(i => i.Side == obligor.Other() && own.Contains(i.LoggedAt + allowed)).ToList();
                DateTimeOffset? Answered(IncidentFact i) => i.Responses.Where(r => r.Side == obligor).Select(r => (DateTimeOffset?)r.RespondedAt).Min();
                var inTime = due.Count(i => Answered(i) <= i.LoggedAt + allowed);
                var answered = due.Count(i => Answered(i) is not null);
                counts["due"] = due.Count;
                counts["inTime"] = inTime;
                counts["late"] = answered - inTime;
                counts["unanswered"] = due.Count - answered;
                value = due.Count == 0 ? null : (double)inTime / due.Count;
                records = new BorderSpan(own.From - allowed, own.To);
                break;
            }
            case MetricKind.PerishablesSpoiled:
            {
                var week = known.Clock(obligor).Days(day.AddDays(-6), day);
                var spoiled = known.Trucks
                    .Where(t => t.Category == CargoCategory.Perishable && (metric.Direction is not { } d || t.Direction == d) && t.SpoiledAt is { } s && week.Contains(s))
                    .ToList();
                counts["spoiled"] = spoiled.Count;
                counts["valueUsd"] = (double)spoiled.Sum(t => t.ValueUsd);
                counts["days"] = 7;
                value = spoiled.Count;
                records = week;
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown metric kind {metric.Kind}.");
        }
        var result = value is not { } v ? EvaluationResult.NothingToMeasure
            : (metric.Comparison == Comparison.AtLeast ? v >= target : v <= target) ? EvaluationResult.Met
            : EvaluationResult.Missed;
        return new Evaluation(day, metric.Kind, value, target, metric.Comparison, result, counts, records, cutoff);
    }

    private static BorderSpan Span(BorderSpan a, BorderSpan b) => new(a.From < b.From ? a.From : b.From, a.To > b.To ? a.To : b.To);
}
