using Khyber.Api.Commitments;
using Khyber.Domain.Commitments;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;

namespace Khyber.Api.Reports;

/// <summary>One side's gate over its own calendar day (local midnight to midnight: 23 or 25 hours when its clock changes).</summary>
public sealed record ReportSideView(
    string Side,
    string TimeZone,
    DateTimeOffset From,
    DateTimeOffset To,
    double DayHours,
    double OperatingHours,
    double OpenHours,
    double RestrictedHours,
    double ClosedHours,
    GateState StateAtStart,
    GateState StateAtEnd);

/// <summary>A trucks-through commitment of the direction, and how the day measured against it.</summary>
public sealed record ReportCommitmentLine(Guid CommitmentId, string ObligorSide, string Text, double Target, Comparison Comparison, EvaluationResult? Result);

/// <summary>
/// One direction's day: exits the departing side recorded (on its day), entries the arriving side recorded (on its day), the
/// difference, what the open lanes could carry in the hours both gates were within their hours, the commitments on it,
/// and the trucks stranded at the end of the departing side's day and spoiled during it.
/// </summary>
public sealed record ReportDirectionView(
    string Direction,
    int Exits,
    int Entries,
    int Difference,
    double OperatingHours,
    double CapacityTrucks,
    IReadOnlyList<ReportCommitmentLine> Commitments,
    int StrandedAtEnd,
    decimal StrandedValueUsd,
    int Spoiled,
    decimal SpoiledValueUsd);

/// <summary>A notice issued on its side's day: its warning and the other side's acknowledgement delay.</summary>
public sealed record ReportNoticeView(
    Guid Id, string Side, GateState GateState, IReadOnlyList<string> Directions, DateTimeOffset IssuedAt, DateTimeOffset EffectiveFrom, bool Emergency,
    double WarningHours, DateTimeOffset? AcknowledgedAt, double? AcknowledgedAfterMinutes);

/// <summary>An incident logged on its side's day and the other side's answer.</summary>
public sealed record ReportIncidentView(Guid Id, string Side, IncidentCategory Category, DateTimeOffset LoggedAt, DateTimeOffset? AnsweredAt, double? AnsweredAfterHours, ResponseStance? Stance);

/// <summary>A measured commitment's evaluation for the day, with the commitment it belongs to.</summary>
public sealed record ReportEvaluationView(Guid CommitmentId, string ObligorSide, string Text, MetricView Metric, EvaluationView Evaluation);

/// <summary>A liaison's countersignature; <c>current</c> when it signs the report at the head it stands at now.</summary>
public sealed record CountersignatureView(string Side, string SignedBy, DateTimeOffset SignedAt, long HeadSeq, string HeadHash, bool Current);

/// <summary>
/// The joint daily report of a crossing: each side's gate, trucks through per direction against capacity and commitments,
/// notices with their warning and acknowledgement delay, incidents and answers, stranded and spoiled trucks, and the day's
/// commitment evaluations — computed at the audit head <c>headSeq</c>/<c>headHash</c>, with who has countersigned it.
/// </summary>
/// <remarks>
/// Every figure is counted on the calendar day of the side whose record it is, from the records as they stood when the day
/// was over on both clocks (<c>cutoff</c>). The head is the last chain entry appended by a minute after the cutoff, or a
/// later one that set the sides' clocks or hours, recorded the day's evaluations or a dispute of one: it moves on only when
/// what the report shows changes.
/// </remarks>
public sealed record DailyReportView(
    string CrossingId,
    string CrossingName,
    DateOnly Day,
    DateTimeOffset Cutoff,
    long HeadSeq,
    string HeadHash,
    IReadOnlyList<ReportSideView> Sides,
    IReadOnlyList<ReportDirectionView> Directions,
    IReadOnlyList<ReportNoticeView> Notices,
    IReadOnlyList<ReportIncidentView> Incidents,
    IReadOnlyList<ReportEvaluationView> Evaluations,
    IReadOnlyList<CountersignatureView> Countersignatures);
