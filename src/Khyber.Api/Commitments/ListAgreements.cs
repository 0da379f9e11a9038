using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>Agreements, latest first, each with its commitments and their status: for officers, liaisons and administrators.</summary>
public sealed class ListAgreements(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int Limit = 1000;

    public async Task<List<AgreementView>> HandleAsync(Actor actor, CancellationToken ct)
    {
        CommitmentReaders.Require(actor);
        var agreements = await db.Agreements.AsNoTracking().OrderByDescending(a => a.ConcludedOn).ThenByDescending(a => a.RecordedAt).Take(Limit).ToListAsync(ct);
        var ids = agreements.Select(a => a.Id).ToList();
        var commitments = await db.Commitments.AsNoTracking().AsSplitQuery().Where(c => ids.Contains(c.AgreementId)).ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        var byAgreement = commitments.ToLookup(c => c.AgreementId);
        var now = time.GetUtcNow();
        return agreements.Select(a => CommitmentViews.View(a, byAgreement[a.Id], citedBy, now)).ToList();
    }
}
