using System.Data;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

/// <summary>
/// The deliveries to one subscription, newest first (ties by id), a page at a time, each with every attempt and its
/// outcome: for the subscription's owner or an administrator.
/// </summary>
public sealed class ListDeliveries(KhyberDb db) : IUseCase
{
    public async Task<Page<DeliveryView>> HandleAsync(Actor actor, Guid subscriptionId, PageRequest page, CancellationToken ct)
    {
        var limit = Paging.Limit(page.Limit);
        var after = Paging.After<TimeKey>(page.After);
        var subscription = await Unsubscribe.FindAsync(db, actor, subscriptionId, ct);
        // Deliveries and their attempts read from one snapshot: the sender records an attempt and the delivery's outcome
        // together, and two reads on either side of its commit would show the attempt without the outcome.
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == subscription.Id);
        if (after is not null)
        {
            query = query.Where(d => d.CreatedAt < after.At || (d.CreatedAt == after.At && d.Id.CompareTo(after.Id) < 0));
        }
        var deliveries = await Paging.ReadAsync(query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id), limit, d => new TimeKey(d.CreatedAt, d.Id), ct);
        var ids = deliveries.Items.Select(d => d.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct)).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new DeliveryView(
            d.Id, d.MessageId, d.EventType, d.Status, d.Attempts, d.CreatedAt,
            d.Status == WebhookDispatcher.Pending ? d.NextAttemptAt : null,
            d.DeliveredAt, d.GaveUpAt, d.LastError,
            attempts[d.Id].OrderBy(a => a.Number).Select(a => new AttemptView(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToList()));
    }
}
