using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>One agreement with its commitments and their status.</summary>
public sealed class GetAgreement(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<AgreementView> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        CommitmentReaders.Require(actor);
        var agreement = await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw Problems.NotFound($"No agreement {id}.");
        var commitments = await db.Commitments.AsNoTracking().AsSplitQuery().Where(c => c.AgreementId == id).ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        return CommitmentViews.View(agreement, commitments, citedBy, await RecentEvaluations.ReadAsync(db, [.. commitments.Select(c => c.Id)], ct), time.GetUtcNow());
    }
}
