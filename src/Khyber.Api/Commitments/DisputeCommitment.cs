using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record DisputeRequest([property: Required] string? Statement);

/// <summary>The side a commitment is owed to disputes its keeping, in a statement. Answers the commitment.</summary>
public sealed class DisputeCommitment(KhyberDb db, TimeProvider time, Idempotency idempotency) : CommitmentEntry(db, time, idempotency), IUseCase
{
    public Task<CommitmentView> HandleAsync(Actor actor, Guid commitmentId, DisputeRequest request, CancellationToken ct) =>
        AppendAsync(actor, commitmentId, nameof(DisputeCommitment), "disputes",
            c => Permissions.MayDisputeCommitment(actor, c.ObligorSide),
            c => $"A commitment {c.ObligorSide} owes is disputed by {c.ObligorSide.Other()}'s liaison.",
            (c, now) =>
            {
                var errors = new FieldErrors();
                RegisterRules.CheckDispute(request.Statement, errors);
                Problems.ThrowIfAny(errors);
                return c.Dispute(actor.Side!.Value, request.Statement!.Trim(), actor.UserName, now);
            }, ct);
}
