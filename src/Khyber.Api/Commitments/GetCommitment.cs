using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>One commitment with its reports, disputes, derived status and the notices citing it.</summary>
public sealed class GetCommitment(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<CommitmentView> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        CommitmentReaders.Require(actor);
        var commitment = await db.Commitments.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw Problems.NotFound($"No commitment {id}.");
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [id], ct);
        return CommitmentViews.View(commitment, citedBy[id], (await RecentEvaluations.ReadAsync(db, [id], ct))[id], time.GetUtcNow());
    }
}
