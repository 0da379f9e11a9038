using Khyber.Api.Commitments;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Domain.Reports;
using Khyber.Storage;
using Khyber.Storage.Records;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Reports;

/// <summary>A crossing's joint daily report, for a day over on both sides' clocks: for officers, liaisons and administrators.</summary>
public sealed class GetDailyReport(KhyberDb db, TimeProvider time) : IUseCase
{
    /// <summary>
    /// A report is compiled from this long after its day is over on both clocks, and entries appended until then count towards
    /// its head: a save lands a moment after the instant it records, so a truck's exit at 23:59:59 is in the chain by then.
    /// </summary>
    public static readonly TimeSpan Settling = TimeSpan.FromMinutes(1);

    public async Task<DailyReportView> HandleAsync(Actor actor, string crossingId, string day, CancellationToken ct)
    {
        var date = Days.Parse(day, "day");
        AuthSetup.Require(Permissions.MayReadDailyReports(actor), "Daily reports are read by officers, liaisons and administrators.");
        return await ComputeAsync(db, crossingId, date, time.GetUtcNow(), ct);
    }

    /// <summary>Compiles the report from the tables as they are now; refuses a day not yet over (422, naming the day).</summary>
    internal static async Task<DailyReportView> ComputeAsync(KhyberDb db, string crossingId, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var crossing = await CrossingLookups.Whole(db, crossingId, ct)
            ?? throw Problems.NotFound($"No crossing '{crossingId}'.");
        var sides = crossing.Sides.OrderBy(s => s.Side).Select(RecordedFacts.Of).ToList();
        var cutoff = CommitmentMetrics.DayOver(day, sides);
        if (now < cutoff + Settling)
        {
            throw Problems.Invalid("day", $"{Days.Text(day)} is not over yet on both sides' clocks: its report is compiled from {cutoff + Settling:yyyy-MM-dd HH:mm} UTC.");
        }
        var facts = await RecordedFacts.LoadAsync(db, crossingId, new Domain.Records.BorderSpan(sides.Min(s => s.Day(day).From), cutoff), ct);
        var report = DailyReports.Compile(day, facts!, crossing.Directions.ToDictionary(d => d.Direction, d => d.CapacityPerHour));

        var measured = await db.Commitments.AsNoTracking().Where(c => c.Metric != null && c.Metric.CrossingId == crossingId).ToListAsync(ct);
        var ids = measured.Select(c => c.Id).ToList();
        var evaluations = await db.CommitmentEvaluations.AsNoTracking().Where(e => ids.Contains(e.CommitmentId) && e.Day == day).ToListAsync(ct);
        var evaluationSeq = await db.CommitmentEvaluations.Where(e => ids.Contains(e.CommitmentId) && e.Day == day)
            .MaxAsync(e => (long?)EF.Property<long>(e, KhyberDb.AuditSeqProperty), ct) ?? 0;
        var evaluationIds = evaluations.Select(e => e.Id).ToList();
        var disputeSeq = await db.EvaluationDisputes.Where(d => evaluationIds.Contains(d.EvaluationId)).MaxAsync(d => (long?)EF.Property<long>(d, KhyberDb.AuditSeqProperty), ct) ?? 0;
        var sidesSeq = await db.CrossingSides.Where(s => s.CrossingId == crossingId).MaxAsync(s => (long?)EF.Property<long>(s, KhyberDb.AuditSeqProperty), ct) ?? 0;
        // The report shows the day's records as they stood at its end, read with the sides' clocks and hours as they are set now, and the evaluations and disputes recorded since.
        var headSeq = new[] { await EvidenceChain.LastByAsync(db, cutoff + Settling, ct), sidesSeq, evaluationSeq, disputeSeq }.Max();
        var headHash = await EvidenceChain.HashOfAsync(db, headSeq, ct) ?? throw new InvalidOperationException($"The audit chain has no entry {headSeq}.");

        var byCommitment = evaluations.ToDictionary(e => e.CommitmentId);
        var signatures = await db.ReportCountersignatures.AsNoTracking().Where(s => s.CrossingId == crossingId && s.Day == day)
            .OrderBy(s => EF.Property<long>(s, KhyberDb.AuditSeqProperty)).ToListAsync(ct);
        return new DailyReportView(
            crossing.Id,
            crossing.Name,
            day,
            cutoff,
            headSeq,
            headHash,
            [.. report.Sides.Select(s => new ReportSideView(s.Side.ToString(), s.TimeZone, s.Day.From, s.Day.To, s.Gate.SpanHours, s.Gate.OperatingHours,
                s.Gate.OpenHours, s.Gate.RestrictedHours, s.Gate.ClosedHours, s.StateAtStart, s.StateAtEnd))],
            [.. report.Directions.Select(d => new ReportDirectionView(d.Direction.Id(), d.Exits, d.Entries, d.Difference, d.OperatingHours, d.CapacityTrucks,
                [.. measured.Where(c => c.Metric!.Kind == MetricKind.TrucksThrough && c.Metric.Direction == d.Direction).OrderBy(c => c.RecordedAt)
                    .Select(c => new ReportCommitmentLine(c.Id, c.ObligorSide.ToString(), c.Text, c.Metric!.Target, c.Metric.Comparison, byCommitment.GetValueOrDefault(c.Id)?.Result))],
                d.StrandedAtEnd, d.StrandedValueUsd, d.Spoiled, d.SpoiledValueUsd))],
            [.. report.Notices.Select(n => new ReportNoticeView(n.Id, n.Side.ToString(), n.State, [.. n.Directions.Select(x => x.Id())], n.IssuedAt, n.EffectiveFrom, n.Emergency,
                n.WarningHours, n.AcknowledgedAt, n.AcknowledgedAfterMinutes))],
            [.. report.Incidents.Select(i => new ReportIncidentView(i.Id, i.Side.ToString(), i.Category, i.LoggedAt, i.AnsweredAt, i.AnsweredAfterHours, i.Stance))],
            [.. measured.Where(c => byCommitment.ContainsKey(c.Id)).OrderBy(c => c.ObligorSide).ThenBy(c => c.RecordedAt)
                .Select(c => new ReportEvaluationView(c.Id, c.ObligorSide.ToString(), c.Text, EvaluationViews.View(c.Metric!), EvaluationViews.View(byCommitment[c.Id])))],
            [.. signatures.Select(s => new CountersignatureView(s.Side.ToString(), s.SignedBy, s.SignedAt, s.HeadSeq, s.HeadHash, s.HeadHash == headHash))]);
    }
}
