using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record ComplianceReportRequest([property: Required] string? Status, [property: Required] string? Evidence);

/// <summary>The obligor side's liaison reports progress on a commitment: on-track, done or failed, with evidence. Answers the commitment.</summary>
public sealed class ReportCompliance(KhyberDb db, TimeProvider time, Idempotency idempotency) : CommitmentEntry(db, time, idempotency), IUseCase
{
    public Task<CommitmentView> HandleAsync(Actor actor, Guid commitmentId, ComplianceReportRequest request, CancellationToken ct) =>
        AppendAsync(actor, commitmentId, nameof(ReportCompliance), "reports",
            c => Permissions.MayReportCompliance(actor, c.ObligorSide),
            c => $"Compliance with a commitment {c.ObligorSide} owes is reported by {c.ObligorSide}'s liaison.",
            (c, now) =>
            {
                var errors = new FieldErrors();
                var status = RegisterRules.CheckReport(request.Status, request.Evidence, errors);
                Problems.ThrowIfAny(errors);
                return c.Report(actor.Side!.Value, status, request.Evidence!.Trim(), actor.UserName, now);
            }, ct);
}
