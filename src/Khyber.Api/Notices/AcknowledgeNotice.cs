using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

/// <summary>The other side's liaison acknowledges that it has been told of a notice — once, and only the other side.</summary>
public sealed class AcknowledgeNotice(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<AcknowledgementView> HandleAsync(Actor actor, Guid noticeId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.Acting(actor, nameof(AcknowledgeNotice), $"notices/{noticeId}/acknowledgement");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == noticeId, token) ?? throw Problems.NotFound($"No notice {noticeId}.");
            AuthSetup.Require(Permissions.MayAcknowledgeNotice(actor, notice.Side), $"Only {notice.Side.Other()}'s liaison acknowledges a notice issued by {notice.Side}.");
            notice.Acknowledge(actor.Side!.Value, actor.UserName, now);
            var result = new AcknowledgementView(notice.Id, now, actor.UserName, actor.Side.Value.ToString());
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/notices/{noticeId}", now);
            Events.Publish(db, EventTypes.Acknowledgement, notice.CrossingId, actor.Side.Value.ToString(), notice.Id.ToString(), result, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
    }
}
