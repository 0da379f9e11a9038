using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>
/// What a compliance report and a dispute have in common: each is numbered in the commitment's one sequence, appended
/// under the write lock, retried when another writer took the number first, and answered with the whole commitment.
/// </summary>
public abstract class CommitmentEntry(KhyberDb db, TimeProvider time, Idempotency idempotency)
{
    protected async Task<CommitmentView> AppendAsync(
        Actor actor, Guid commitmentId, string action, string path, Func<Commitment, bool> allowed, Func<Commitment, string> refusal,
        Func<Commitment, DateTimeOffset, object> entry, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.Acting(actor, action, $"commitments/{commitmentId}/{path}");
        return await Concurrency.RetryNumberedAsync(db, idempotency, async token =>
        {
            var commitment = await db.Commitments.AsSplitQuery().SingleOrDefaultAsync(c => c.Id == commitmentId, token) ?? throw Problems.NotFound($"No commitment {commitmentId}.");
            AuthSetup.Require(allowed(commitment), refusal(commitment));
            // Added explicitly: found only through the navigation, a child with its key already set would be taken for an existing row.
            db.Add(entry(commitment, now));
            var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [commitmentId], token);
            var result = CommitmentViews.View(commitment, citedBy[commitmentId], (await RecentEvaluations.ReadAsync(db, [commitmentId], token))[commitmentId], now);
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/commitments/{commitmentId}", now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
    }
}
