using Khyber.Domain;
using Khyber.Domain.Commitments;

namespace Khyber.Api.Commitments;

public sealed record ComplianceReportView(Guid Id, int Sequence, string Side, ComplianceStatus Status, string Evidence, DateTimeOffset ReportedAt, string ReportedBy);

public sealed record DisputeView(Guid Id, int Sequence, string Side, string Statement, DateTimeOffset RaisedAt, string RaisedBy);

/// <summary>A commitment with its derived status, the obligor's reports, the other side's disputes and the notices citing it.</summary>
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
    string RecordedBy);

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

    public static AgreementView View(Agreement a, IEnumerable<Commitment> commitments, ILookup<Guid, Guid> citedBy, DateTimeOffset now) => new(
        a.Id, a.Title, a.MeetingId, a.ConcludedOn, a.RecordedAt, a.RecordedBy, a.RecordedBySide.ToString(),
        [.. commitments.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).Select(c => View(c, citedBy[c.Id], now))]);

    public static CommitmentView View(Commitment c, IEnumerable<Guid> citedBy, DateTimeOffset now) => new(
        c.Id, c.AgreementId, c.ObligorSide.ToString(), c.Text, c.DueOn, c.StatusAt(now),
        [.. c.Reports.OrderBy(r => r.Sequence).Select(r => new ComplianceReportView(r.Id, r.Sequence, c.ObligorSide.ToString(), r.Status, r.Evidence, r.ReportedAt, r.ReportedBy))],
        [.. c.Disputes.OrderBy(d => d.Sequence).Select(d => new DisputeView(d.Id, d.Sequence, c.ObligorSide.Other().ToString(), d.Statement, d.RaisedAt, d.RaisedBy))],
        [.. citedBy], c.RecordedAt, c.RecordedBy);
}
