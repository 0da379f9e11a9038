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

/// <summary>
/// Commitments with their derived status, latest recorded first (ties by id), a page at a time: for officers, liaisons
/// and administrators. The status is derived, so it filters each page after the database read and may leave it short.
/// </summary>
public sealed class ListCommitments(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<Page<CommitmentView>> HandleAsync(Actor actor, CommitmentQuery q, PageRequest page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var obligor = q.Side is null ? null : Sides.Parse(q.Side, "side", errors);
        CommitmentStatus? wanted = null;
        if (q.Status is not null)
        {
            wanted = errors.Require(Kebab.TryParse<CommitmentStatus>(q.Status, out var s), "status", $"One of {Kebab.Words<CommitmentStatus>()}.") ? s : null;
        }
        var limit = Paging.Limit(page.Limit, errors);
        Problems.ThrowIfAny(errors);
        var after = Paging.After<TimeKey>(page.After);
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
        if (after is not null)
        {
            query = query.Where(c => c.RecordedAt < after.At || (c.RecordedAt == after.At && c.Id.CompareTo(after.Id) < 0));
        }
        var rows = await Paging.ReadAsync(
            query.OrderByDescending(c => c.RecordedAt).ThenByDescending(c => c.Id).AsSplitQuery(), limit, c => new TimeKey(c.RecordedAt, c.Id), ct);
        var now = time.GetUtcNow();
        // The status is derived, so it is filtered here rather than in SQL.
        var commitments = rows.Items.Where(c => wanted is null || c.StatusAt(now) == wanted).ToList();
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        return new Page<CommitmentView>([.. commitments.Select(c => CommitmentViews.View(c, citedBy[c.Id], now))], rows.Next);
    }
}
