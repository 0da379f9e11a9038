using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Khyber.Storage.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

/// <summary>Stops deliveries to a subscription (its owner or an administrator); its delivery history is kept.</summary>
public sealed class Unsubscribe(KhyberDb db) : IUseCase
{
    public async Task HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var subscription = await FindAsync(db, actor, id, ct);
        db.Acting(actor, nameof(Unsubscribe), $"webhooks/{id}");
        subscription.Active = false;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The subscription, if the actor may manage it: someone else's does not exist for them.</summary>
    public static async Task<WebhookSubscription> FindAsync(KhyberDb db, Actor actor, Guid id, CancellationToken ct)
    {
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (subscription is null || !Permissions.MayManageWebhook(actor, subscription.Owner))
        {
            throw Problems.NotFound($"No webhook subscription {id}.");
        }
        return subscription;
    }
}
