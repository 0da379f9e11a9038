using Khyber.Domain.Commitments;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Records;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Reports;

/// <summary>One side's gate over its own calendar day: the span, the state at its start and end, and the hours in each state within its operating hours.</summary>
public sealed record SideDay(Side Side, string TimeZone, BorderSpan Day, GateState StateAtStart, GateState StateAtEnd, GateHoursMeasured Gate);

/// <summary>
/// One direction over the day: exits the departing side recorded on its day and entries the arriving side recorded on its
/// day; what the open lanes could have carried in the hours both gates were within their hours; and, at the end of the
/// departing side's day, the trucks stranded there (waiting, their cargo not let through), and those spoiled that day.
/// </summary>
public sealed record DirectionDay(
    Direction Direction,
    int Exits,
    int Entries,
    double OperatingHours,
    double CapacityTrucks,
    int StrandedAtEnd,
    decimal StrandedValueUsd,
    int Spoiled,
    decimal SpoiledValueUsd)
{
    public int Difference => Exits - Entries;
}

/// <summary>A notice issued on its side's day: how much warning it gave, and when the other side acknowledged it.</summary>
public sealed record NoticeDay(
    Guid Id, Side Side, GateState State, IReadOnlyList<Direction> Directions, DateTimeOffset IssuedAt, DateTimeOffset EffectiveFrom, bool Emergency,
    double WarningHours, DateTimeOffset? AcknowledgedAt, double? AcknowledgedAfterMinutes);

/// <summary>An incident logged on its side's day and the other side's answer (its first, and the stance it stands by).</summary>
public sealed record IncidentDay(Guid Id, Side Side, IncidentCategory Category, DateTimeOffset LoggedAt, DateTimeOffset? AnsweredAt, double? AnsweredAfterHours, ResponseStance? Stance);

/// <summary>A crossing's day as both sides' records show it, the body of the joint daily report; records made after <c>Cutoff</c> (the day over on both clocks) are not in it.</summary>
public sealed record DailyReport(
    DateOnly Day,
    DateTimeOffset Cutoff,
    IReadOnlyList<SideDay> Sides,
    IReadOnlyList<DirectionDay> Directions,
    IReadOnlyList<NoticeDay> Notices,
    IReadOnlyList<IncidentDay> Incidents);

/// <summary>Compiles the joint daily report from a crossing's records: a pure function, as the evaluations are.</summary>
/// <remarks>
/// Each figure is counted on the calendar day of the side whose record it is, as <see cref="CommitmentMetrics"/> counts
/// them (exits on the departing side's day, entries on the arriving side's, a gate, its notices and incidents on its own
/// side's), from the records as they stood when the day was over on both clocks. Capacity is each direction's trucks per
/// hour at the lanes open now, times the hours both gates were within their hours on the departing side's day.
/// </remarks>
public static class DailyReports
{
    public static DailyReport Compile(DateOnly day, CrossingFacts facts, IReadOnlyDictionary<Direction, double> capacityPerHour)
    {
        var cutoff = CommitmentMetrics.DayOver(day, facts.Sides);
        var known = facts.AsKnownAt(cutoff);
        var notices = known.GateNotices();
        var sides = known.Sides.OrderBy(s => s.Side).Select(s =>
        {
            var span = s.Day(day);
            return new SideDay(s.Side, s.TimeZone, span,
                GateTimeline.SideState(notices, s.Side, span.From), GateTimeline.SideState(notices, s.Side, span.To.AddTicks(-1)),
                GateRecord.Measure(s, notices, null, span));
        }).ToList();

        var directions = Domain.Directions.All.Select(direction =>
        {
            var departureDay = known.Clock(direction.DepartureSide()).Day(day);
            var arrivalDay = known.Clock(direction.ArrivalSide()).Day(day);
            var trucks = known.Trucks.Where(t => t.Direction == direction).ToList();
            var end = departureDay.To.AddTicks(-1);
            var state = GateTimeline.StateOf(notices, direction, end);
            var stranded = trucks
                .Where(t => t.ArrivedAt <= end && !(Left(t) <= end) && !state.Lets(t.Category))
                .ToList();
            var spoiled = trucks.Where(t => t.SpoiledAt is { } s && departureDay.Contains(s)).ToList();
            var operating = GateRecord.Hours(GateRecord.BothOperating(known.Sides, departureDay).Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Length));
            return new DirectionDay(
                direction,
                trucks.Count(t => t.ExitedAt is { } x && departureDay.Contains(x)),
                trucks.Count(t => t.EnteredAt is { } e && arrivalDay.Contains(e)),
                operating,
                Math.Round(operating * capacityPerHour.GetValueOrDefault(direction), 1),
                stranded.Count,
                stranded.Sum(t => t.ValueUsd),
                spoiled.Count,
                spoiled.Sum(t => t.ValueUsd));
        }).ToList();

        var issued = known.Notices
            .Where(n => known.Clock(n.Side).Day(day).Contains(n.IssuedAt))
            .OrderBy(n => n.IssuedAt)
            .ThenBy(n => n.EffectiveFrom)
            .ThenBy(n => n.Id)
            .Select(n => new NoticeDay(n.Id, n.Side, n.State, n.Directions, n.IssuedAt, n.EffectiveFrom, n.Emergency,
                GateRecord.Hours(n.EffectiveFrom - n.IssuedAt), n.AcknowledgedAt,
                n.AcknowledgedAt is { } at ? Math.Round((at - n.IssuedAt).TotalMinutes, 2) : null))
            .ToList();

        var incidents = known.Incidents
            .Where(i => known.Clock(i.Side).Day(day).Contains(i.LoggedAt))
            .OrderBy(i => i.LoggedAt)
            .ThenBy(i => i.Id)
            .Select(i =>
            {
                var answers = i.Responses.Where(r => r.Side != i.Side).OrderBy(r => r.RespondedAt).ToList();
                var first = answers.FirstOrDefault();
                return new IncidentDay(i.Id, i.Side, i.Category, i.LoggedAt, first?.RespondedAt,
                    first is null ? null : GateRecord.Hours(first.RespondedAt - i.LoggedAt), answers.LastOrDefault()?.Stance);
            })
            .ToList();

        return new DailyReport(day, cutoff, sides, directions, issued, incidents);
    }

    /// <summary>When a truck left the queue: through the gate, spoiled, or rejected or cancelled; null while it waits.</summary>
    private static DateTimeOffset? Left(TruckFact t) => new[] { t.ExitedAt, t.SpoiledAt, t.RemovedAt }.Where(x => x is not null).Min();
}

/// <summary>A liaison's countersignature of a crossing's daily report, at the audit head the report was computed at.</summary>
/// <remarks>
/// It signs what the report said at <see cref="HeadHash"/>: when the day's records or evaluations change afterwards, the
/// report moves on to another head, and a side may sign it again there; its signature of the earlier head stays on record.
/// </remarks>
public sealed class ReportCountersignature
{
    public required Guid Id { get; init; }

    public required string CrossingId { get; init; }

    public required DateOnly Day { get; init; }

    public required Side Side { get; init; }

    public required long HeadSeq { get; init; }

    public required string HeadHash { get; init; }

    public required DateTimeOffset SignedAt { get; init; }

    public required string SignedBy { get; init; }
}
