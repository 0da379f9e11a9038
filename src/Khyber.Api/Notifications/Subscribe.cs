using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Khyber.Storage.Outbox;

namespace Khyber.Api.Notifications;

public sealed record WebhookRequest([property: Required] string? Url, [property: Required] List<string>? Events, [property: Required] string? Secret);

/// <summary>A signed-in user subscribes a URL to events; each delivery is signed with the subscription's secret.</summary>
/// <remarks>
/// Truck events go only to carriers (and then only for their own trucks, see <see cref="WebhookDispatcher"/>). The URL
/// must reach the public internet (or a host the administrator allows), see <see cref="WebhookDestinationGuard"/>.
/// </remarks>
public sealed class Subscribe(KhyberDb db, TimeProvider time, Idempotency idempotency, WebhookDestinationGuard destinations) : IUseCase
{
    public async Task<WebhookView> HandleAsync(Actor actor, WebhookRequest r, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(r.Url))
        {
            errors.Add("url", "Required: the absolute http or https URL to deliver to.");
        }
        else if (r.Url.Length > 2000 || !Uri.TryCreate(r.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add("url", "An absolute http or https URL of at most 2000 characters, without credentials.");
        }
        else if (await destinations.RefusalAsync(uri, ct) is { } refusal)
        {
            errors.Add("url", refusal);
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
        db.Acting(actor, nameof(Subscribe), "webhooks");
        db.WebhookSubscriptions.Add(subscription);
        var view = WebhookView.Of(subscription);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/webhooks/{subscription.Id}", now);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
