using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

/// <summary>The caller's webhook subscriptions (everyone's for an administrator), oldest first (ties by id), a page at a time.</summary>
public sealed class ListWebhooks(KhyberDb db) : IUseCase
{
    public async Task<Page<WebhookView>> HandleAsync(Actor actor, PageRequest page, CancellationToken ct)
    {
        var limit = Paging.Limit(page.Limit);
        var after = Paging.After<TimeKey>(page.After);
        var query = db.WebhookSubscriptions.AsNoTracking();
        if (actor.Role != Role.Admin)
        {
            query = query.Where(s => s.Owner == actor.UserName);
        }
        if (after is not null)
        {
            query = query.Where(s => s.CreatedAt > after.At || (s.CreatedAt == after.At && s.Id.CompareTo(after.Id) > 0));
        }
        var subscriptions = await Paging.ReadAsync(query.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id), limit, s => new TimeKey(s.CreatedAt, s.Id), ct);
        return subscriptions.Select(WebhookView.Of);
    }
}
