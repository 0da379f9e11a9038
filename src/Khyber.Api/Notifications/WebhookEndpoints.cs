using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Khyber.Storage.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

public sealed record WebhookView(Guid Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, bool Active, string Owner)
{
    public static WebhookView Of(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.CreatedAt, s.Active, s.Owner);
}

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

/// <summary>The webhook routes: subscribe, list, unsubscribe, and every delivery with its attempts.</summary>
public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/webhooks").WithTags("Webhooks").RequireAuthorization();
        group.MapPost("/", async Task<Created<WebhookView>> (Body<WebhookRequest> body, ClaimsPrincipal user, Subscribe subscribe, CancellationToken ct) =>
            {
                var view = await subscribe.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/webhooks/{view.Id}", view);
            })
            .Idempotent()
            .WithName(nameof(Subscribe))
            .WithSummary("Subscribe a URL to events; each delivery is signed (X-Khyber-Signature: sha256=HMAC of the body) and carries X-Khyber-Event-Id.")
            .Refuses(400, 401, 422);
        group.MapGet("/", async Task<Ok<List<WebhookView>>> (string? after, int? limit, HttpContext http, ListWebhooks list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(http.User.Actor(), new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListWebhooks))
            .WithSummary("The caller's webhook subscriptions (all of them for an administrator), oldest first, a page at a time (Link rel=next).")
            .Refuses(400, 401, 422);
        group.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, ClaimsPrincipal user, Unsubscribe unsubscribe, CancellationToken ct) =>
            {
                await unsubscribe.HandleAsync(user.Actor(), id, ct);
                return TypedResults.NoContent();
            })
            .WithName(nameof(Unsubscribe))
            .WithSummary("Stops deliveries to a subscription; its delivery history is kept.")
            .Refuses(401, 404);
        group.MapGet("/{id:guid}/deliveries", async Task<Ok<List<DeliveryView>>> (Guid id, string? after, int? limit, HttpContext http, ListDeliveries list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(http.User.Actor(), id, new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListDeliveries))
            .WithSummary("Every delivery to a subscription, newest first, a page at a time (Link rel=next), with every attempt and its outcome.")
            .Refuses(400, 401, 404, 422);
        return app;
    }
}
