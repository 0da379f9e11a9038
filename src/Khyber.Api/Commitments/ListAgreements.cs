using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>
/// Agreements, latest concluded first (then latest recorded, then by id), a page at a time, each with its commitments
/// and their status: for officers, liaisons and administrators.
/// </summary>
public sealed class ListAgreements(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<Page<AgreementView>> HandleAsync(Actor actor, PageRequest page, CancellationToken ct)
    {
        var limit = Paging.Limit(page.Limit);
        var after = Paging.After<DayKey>(page.After);
        CommitmentReaders.Require(actor);
        var query = db.Agreements.AsNoTracking();
        if (after is not null)
        {
            query = query.Where(a => a.ConcludedOn < after.Day
                || (a.ConcludedOn == after.Day && (a.RecordedAt < after.At || (a.RecordedAt == after.At && a.Id.CompareTo(after.Id) < 0))));
        }
        var agreements = await Paging.ReadAsync(
            query.OrderByDescending(a => a.ConcludedOn).ThenByDescending(a => a.RecordedAt).ThenByDescending(a => a.Id), limit, a => new DayKey(a.ConcludedOn, a.RecordedAt, a.Id), ct);
        var ids = agreements.Items.Select(a => a.Id).ToList();
        var commitments = await db.Commitments.AsNoTracking().AsSplitQuery().Where(c => ids.Contains(c.AgreementId)).ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        var byAgreement = commitments.ToLookup(c => c.AgreementId);
        var now = time.GetUtcNow();
        return agreements.Select(a => CommitmentViews.View(a, byAgreement[a.Id], citedBy, now));
    }
}
