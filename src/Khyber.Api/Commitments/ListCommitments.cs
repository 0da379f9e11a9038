using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>Which commitments to list: by obligor side, derived status and agreement, each optional.</summary>
public sealed record CommitmentQuery(string? Side = null, string? Status = null, Guid? Agreement = null);

/// <summary>Commitments with their derived status, latest recorded first: for officers, liaisons and administrators.</summary>
public sealed class ListCommitments(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int Limit = 1000;

    public async Task<List<CommitmentView>> HandleAsync(Actor actor, CommitmentQuery q, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var obligor = q.Side is null ? null : Sides.Parse(q.Side, "side", errors);
        CommitmentStatus? wanted = null;
        if (q.Status is not null)
        {
            wanted = errors.Require(Kebab.TryParse<CommitmentStatus>(q.Status, out var s), "status", $"One of {Kebab.Words<CommitmentStatus>()}.") ? s : null;
        }
        Problems.ThrowIfAny(errors);
        CommitmentReaders.Require(actor);

        var query = db.Commitments.AsNoTracking();
        if (obligor is { } o)
        {
            query = query.Where(c => c.ObligorSide == o);
        }
        if (q.Agreement is { } a)
        {
            query = query.Where(c => c.AgreementId == a);
        }
        var commitments = await query.OrderByDescending(c => c.RecordedAt).Take(Limit).AsSplitQuery().ToListAsync(ct);
        var now = time.GetUtcNow();
        // The status is derived, so it is filtered here rather than in SQL.
        commitments = [.. commitments.Where(c => wanted is null || c.StatusAt(now) == wanted)];
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        return commitments.Select(c => CommitmentViews.View(c, citedBy[c.Id], now)).ToList();
    }
}
