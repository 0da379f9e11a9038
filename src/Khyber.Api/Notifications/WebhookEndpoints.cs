using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Khyber.Storage.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

public sealed record WebhookRequest(string? Url, List<string>? Events, string? Secret);

public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, bool Active, string Owner);

public sealed record AttemptView(int Number, DateTimeOffset At, int? StatusCode, string? Error, double DurationMs);

public sealed record DeliveryView(
    Guid Id,
    Guid EventId,
    string EventType,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? GaveUpAt,
    string? LastError,
    IReadOnlyList<AttemptView> AttemptLog);

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization();
        group.MapPost("/", Subscribe).Idempotent()
            .WithName("Subscribe")
            .WithSummary("Subscribe a URL to events; each delivery is signed (X-Khyber-Signature: sha256=HMAC of the body) and carries X-Khyber-Event-Id.");
        group.MapGet("/", async (HttpContext http, KhyberDb db, CancellationToken ct) =>
            {
                var actor = http.User.Actor();
                var query = db.WebhookSubscriptions.AsNoTracking();
                if (actor.Role != Role.Admin)
                {
                    query = query.Where(s => s.Owner == actor.UserName);
                }
                var subscriptions = await query.OrderBy(s => s.CreatedAt).ToListAsync(ct);
                return TypedResults.Ok(subscriptions.Select(View).ToList());
            })
            .WithName("ListWebhooks")
            .WithSummary("The caller's webhook subscriptions (all of them for an administrator).");
        group.MapDelete("/{id:guid}", async (Guid id, HttpContext http, KhyberDb db, CancellationToken ct) =>
            {
                var subscription = await Find(id, http, db, ct);
                subscription.Active = false;
                await db.SaveChangesAsync(ct);
                return TypedResults.NoContent();
            })
            .WithName("Unsubscribe")
            .WithSummary("Stops deliveries to a subscription; its delivery history is kept.");
        group.MapGet("/{id:guid}/deliveries", async (Guid id, HttpContext http, KhyberDb db, CancellationToken ct) =>
            {
                var subscription = await Find(id, http, db, ct);
                var deliveries = await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => d.SubscriptionId == subscription.Id)
                    .OrderByDescending(d => d.CreatedAt).Take(500)
                    .ToListAsync(ct);
                var ids = deliveries.Select(d => d.Id).ToList();
                var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
                    .ToLookup(a => a.DeliveryId);
                return TypedResults.Ok(deliveries.Select(d => new DeliveryView(
                    d.Id, d.MessageId, d.EventType, d.Status, d.Attempts, d.CreatedAt,
                    d.Status == WebhookDispatcher.Pending ? d.NextAttemptAt : null,
                    d.DeliveredAt, d.GaveUpAt, d.LastError,
                    attempts[d.Id].OrderBy(a => a.Number).Select(a => new AttemptView(a.Number, a.At, a.StatusCode, a.Error, a.DurationMs)).ToList())).ToList());
            })
            .WithName("ListDeliveries")
            .WithSummary("Every delivery to a subscription, newest first, with every attempt and its outcome.");
        return app;
    }

    private static async Task<WebhookSubscription> Find(Guid id, HttpContext http, KhyberDb db, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var subscription = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        // Someone else's subscription does not exist for the caller.
        if (subscription is null || !Permissions.MayManageWebhook(actor, subscription.Owner))
        {
            throw Problems.NotFound($"No webhook subscription {id}.");
        }
        return subscription;
    }

    private static async Task<IResult> Subscribe(Body<WebhookRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var r = body.Value;
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(r.Url))
        {
            errors.Add("url", "Required: the absolute http or https URL to deliver to.");
        }
        else if (r.Url.Length > 2000 || !Uri.TryCreate(r.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("url", "An absolute http or https URL of at most 2000 characters, without credentials.");
        }
        if (r.Events is not { Count: > 0 })
        {
            errors.Add("events", $"Name at least one of: {string.Join(", ", EventTypes.All.Order())}.");
        }
        else
        {
            for (var i = 0; i < r.Events.Count; i++)
            {
                if (r.Events[i] is not { } type || !EventTypes.All.Contains(type))
                {
                    errors.Add($"events[{i}]", $"One of: {string.Join(", ", EventTypes.All.Order())}.");
                }
                else if (type == EventTypes.Truck && actor.Role != Role.Carrier)
                {
                    errors.Add($"events[{i}]", "Truck events go to the truck's carrier only.");
                }
            }
        }
        errors.Require(r.Secret is { Length: >= 16 and <= 200 } && !r.Secret.Any(char.IsControl), "secret", "16–200 printable characters, shared with the receiver to check signatures.");
        Problems.ThrowIfAny(errors);

        var now = time.GetUtcNow();
        var subscription = new WebhookSubscription
        {
            Id = Guid.NewGuid(),
            Url = r.Url!,
            Events = r.Events!.Distinct().ToList(),
            Secret = r.Secret!,
            Owner = actor.UserName,
            OwnerSide = actor.Side?.ToString(),
            CreatedAt = now,
        };
        db.WebhookSubscriptions.Add(subscription);
        var view = View(subscription);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/webhooks/{subscription.Id}", now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", view);
    }

    private static WebhookView View(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.CreatedAt, s.Active, s.Owner);
}
