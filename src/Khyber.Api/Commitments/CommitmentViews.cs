using Khyber.Domain;
using Khyber.Domain.Commitments;

namespace Khyber.Api.Commitments;

public sealed record ComplianceReportView(Guid Id, int Sequence, string Side, ComplianceStatus Status, string Evidence, DateTimeOffset ReportedAt, string ReportedBy);

public sealed record DisputeView(Guid Id, int Sequence, string Side, string Statement, DateTimeOffset RaisedAt, string RaisedBy);

/// <summary>
/// A commitment with its derived status, the obligor's reports, the other side's disputes and the notices citing it; a
/// measured one also with its metric and the evaluations of the week up to the latest (latest first), which its status
/// comes from.
/// </summary>
public sealed record CommitmentView(
    Guid Id,
    Guid AgreementId,
    string ObligorSide,
    string Text,
    DateOnly? DueOn,
    CommitmentStatus Status,
    IReadOnlyList<ComplianceReportView> Reports,
    IReadOnlyList<DisputeView> Disputes,
    IReadOnlyList<Guid> CitedBy,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    MetricView? Metric,
    IReadOnlyList<EvaluationView> RecentEvaluations);

public sealed record AgreementView(
    Guid Id,
    string Title,
    Guid? MeetingId,
    DateOnly ConcludedOn,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string RecordedBySide,
    IReadOnlyList<CommitmentView> Commitments);

public static class CommitmentViews
{
    public static readonly ILookup<Guid, Guid> EmptyCitations = Array.Empty<Guid>().ToLookup(x => x);

    public static readonly ILookup<Guid, CommitmentEvaluation> NoEvaluations = Array.Empty<CommitmentEvaluation>().ToLookup(e => e.CommitmentId);

    public static AgreementView View(Agreement a, IEnumerable<Commitment> commitments, ILookup<Guid, Guid> citedBy, ILookup<Guid, CommitmentEvaluation> evaluations, DateTimeOffset now) => new(
        a.Id, a.Title, a.MeetingId, a.ConcludedOn, a.RecordedAt, a.RecordedBy, a.RecordedBySide.ToString(),
        [.. commitments.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).Select(c => View(c, citedBy[c.Id], evaluations[c.Id], now))]);

    /// <param name="c">The commitment.</param>
    /// <param name="citedBy">The notices citing it.</param>
    /// <param name="recent">For a measured commitment, the evaluations of the week up to its latest (<see cref="RecentEvaluations.ReadAsync"/>).</param>
    /// <param name="now">When the status is read.</param>
    public static CommitmentView View(Commitment c, IEnumerable<Guid> citedBy, IEnumerable<CommitmentEvaluation> recent, DateTimeOffset now)
    {
        var week = recent.OrderByDescending(e => e.Day).ToList();
        return new(
            c.Id, c.AgreementId, c.ObligorSide.ToString(), c.Text, c.DueOn, c.StatusAt(now, week.Select(e => (e.Day, e.Result))),
            [.. c.Reports.OrderBy(r => r.Sequence).Select(r => new ComplianceReportView(r.Id, r.Sequence, c.ObligorSide.ToString(), r.Status, r.Evidence, r.ReportedAt, r.ReportedBy))],
            [.. c.Disputes.OrderBy(d => d.Sequence).Select(d => new DisputeView(d.Id, d.Sequence, c.ObligorSide.Other().ToString(), d.Statement, d.RaisedAt, d.RaisedBy))],
            [.. citedBy], c.RecordedAt, c.RecordedBy,
            c.Metric is { } m ? EvaluationViews.View(m) : null,
            [.. week.Select(EvaluationViews.View)]);
    }
}
