using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Khyber.Api.Infrastructure;
using Khyber.Storage;
using Khyber.Storage.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

/// <summary>
/// Delivers outbox events to webhook subscribers: at least once, each with its event id for de-duplication,
/// signed with the subscriber's secret, retried with exponential backoff and jitter until delivered or until
/// the configured time has passed; every attempt is recorded.
/// </summary>
/// <remarks>
/// Due times are read off the injected clock, so tests move time to trigger retries. Claims use a version
/// token and a lease, so two instances on one database never send the same attempt twice.
/// </remarks>
public sealed class WebhookDispatcher(
    IServiceScopeFactory scopes, IHttpClientFactory clients, TimeProvider time, IConfiguration config, WebhookDestinationGuard destinations, ILogger<WebhookDispatcher> log)
    : BackgroundService
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
    public const string Client = "webhooks";

    private TimeSpan Poll => TimeSpan.FromMilliseconds(Math.Max(20, config.GetValue("Webhooks:PollMilliseconds", 250)));

    private TimeSpan RetryBase => TimeSpan.FromSeconds(Math.Max(0.01, config.GetValue("Webhooks:RetryBaseSeconds", 5.0)));

    private TimeSpan RetryMax => TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Webhooks:RetryMaxSeconds", 900.0)));

    private TimeSpan GiveUpAfter => TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Webhooks:GiveUpAfterMinutes", 24 * 60.0)));

    /// <summary>How long a receiver has to answer.</summary>
    public static TimeSpan Timeout(IConfiguration config) => TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Webhooks:TimeoutSeconds", 10.0), 0.5, 120));

    /// <summary>A claimed attempt that never finished (the instance died mid-send) is retried after this: longer than any send can take.</summary>
    private TimeSpan Lease => (Timeout(config) * 2) + TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Webhook dispatch round failed; trying again");
            }
            try
            {
                await Task.Delay(Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round: turn new events into deliveries, then attempt every delivery that is due.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await FanOutAsync(scope.ServiceProvider.GetRequiredService<KhyberDb>(), ct);
        }
        await using (var scope = scopes.CreateAsyncScope())
        {
            await DeliverDueAsync(scope.ServiceProvider.GetRequiredService<KhyberDb>(), ct);
        }
    }

    private async Task FanOutAsync(KhyberDb db, CancellationToken ct)
    {
        var messages = await db.OutboxMessages.Where(m => m.FannedOutAt == null).OrderBy(m => m.Position).Take(200).ToListAsync(ct);
        if (messages.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => s.Active).ToListAsync(ct);
        var owners = subscriptions.Select(s => s.Owner).Distinct().ToList();
        var carriers = await db.Users.AsNoTracking().Where(u => owners.Contains(u.UserName!))
            .ToDictionaryAsync(u => u.UserName!, u => u.CarrierId, ct);
        foreach (var message in messages)
        {
            foreach (var subscription in subscriptions.Where(s => s.Events.Contains(message.Type) && s.CreatedAt <= message.CreatedAt))
            {
                if (message.Type == EventTypes.Truck && CarrierOf(message) != carriers.GetValueOrDefault(subscription.Owner))
                {
                    continue;
                }
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = Guid.NewGuid(),
                    SubscriptionId = subscription.Id,
                    MessageId = message.Id,
                    EventType = message.Type,
                    Status = Pending,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
            message.FannedOutAt = now;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another instance fanned these out first (the delivery index is unique); nothing is lost.
            db.ChangeTracker.Clear();
        }
    }

    private static string? CarrierOf(OutboxMessage message)
    {
        using var json = JsonDocument.Parse(message.Payload);
        return json.RootElement.TryGetProperty("data", out var data) && data.TryGetProperty("carrierId", out var carrier) ? carrier.GetString() : null;
    }

    private async Task DeliverDueAsync(KhyberDb db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.WebhookDeliveries
            .Where(d => d.Status == Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(32)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return;
        }
        // Claim: count the attempt and lease it, so no other instance sends it meanwhile.
        var claimed = new List<WebhookDelivery>();
        foreach (var delivery in due)
        {
            delivery.Attempts++;
            delivery.NextAttemptAt = now + Lease;
            try
            {
                await db.SaveChangesAsync(ct);
                claimed.Add(delivery);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(delivery).State = EntityState.Detached;
            }
        }
        var subscriptionIds = claimed.Select(d => d.SubscriptionId).Distinct().ToList();
        var messageIds = claimed.Select(d => d.MessageId).Distinct().ToList();
        var subscriptions = await db.WebhookSubscriptions.AsNoTracking().Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var messages = await db.OutboxMessages.AsNoTracking().Where(m => messageIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);

        var outcomes = await Task.WhenAll(claimed.Select(d => SendAsync(d, subscriptions[d.SubscriptionId], messages[d.MessageId], ct)));
        var after = time.GetUtcNow();
        foreach (var (delivery, attempt) in claimed.Zip(outcomes))
        {
            db.WebhookAttempts.Add(attempt);
            if (attempt.StatusCode is >= 200 and < 300)
            {
                delivery.Status = Delivered;
                delivery.DeliveredAt = attempt.At;
                delivery.LastError = null;
                continue;
            }
            delivery.LastError = attempt.Error;
            if (after - delivery.CreatedAt >= GiveUpAfter || !subscriptions[delivery.SubscriptionId].Active)
            {
                delivery.Status = Failed;
                delivery.GaveUpAt = after;
                log.LogWarning("Gave up delivering event {EventId} to {Url} after {Attempts} attempts", delivery.MessageId, subscriptions[delivery.SubscriptionId].Url, delivery.Attempts);
            }
            else
            {
                delivery.NextAttemptAt = after + Backoff(delivery.Attempts);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Exponential backoff with equal jitter: half the delay is fixed, half random, so retries of many deliveries spread out.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponential = RetryBase * Math.Pow(2, Math.Min(30, attempts - 1));
        var capped = exponential < RetryMax ? exponential : RetryMax;
        return capped * (0.5 + (0.5 * Random.Shared.NextDouble()));
    }

    private async Task<WebhookAttempt> SendAsync(WebhookDelivery delivery, WebhookSubscription subscription, OutboxMessage message, CancellationToken ct)
    {
        var at = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var body = Encoding.UTF8.GetBytes(message.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Khyber-Event-Id", message.Id.ToString());
        request.Headers.Add("X-Khyber-Event", message.Type);
        request.Headers.Add("X-Khyber-Delivery", delivery.Id.ToString());
        request.Headers.Add("X-Khyber-Attempt", delivery.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Khyber-Signature", Signature(subscription.Secret, body));
        int? status = null;
        string? error = null;
        try
        {
            if (destinations.RequireHttps && request.RequestUri!.Scheme != Uri.UriSchemeHttps)
            {
                throw new WebhookDestinationException("refused: https-required", "Webhooks:RequireHttps is set and the URL is plain http.");
            }
            // Headers only: the body of the answer is ignored, so none of it is read.
            using var response = await clients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            if (code is >= 200 and < 300)
            {
                status = code;
            }
            else
            {
                error = code is >= 300 and < 400 ? "failed: redirect" : "failed: http-status";
                log.LogInformation("Webhook delivery {DeliveryId} answered HTTP {Status}", delivery.Id, code);
            }
        }
        catch (Exception e) when (e is HttpRequestException or WebhookDestinationException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            error = Category(e);
            log.LogInformation(e, "Webhook delivery {DeliveryId} {Outcome}", delivery.Id, error);
        }
        return new WebhookAttempt { DeliveryId = delivery.Id, Number = delivery.Attempts, At = at, StatusCode = status, Error = error, DurationMs = Math.Round(clock.Elapsed.TotalMilliseconds, 1) };
    }

    /// <summary>
    /// All a delivery record says about a failure: whether the destination was refused or failed, and a category —
    /// never a status code or an exception's text, which would make subscriptions a scanner of whatever a URL reaches.
    /// </summary>
    private static string Category(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebhookDestinationException refused)
            {
                return refused.Category;
            }
        }
        return e switch
        {
            TaskCanceledException => "failed: timeout",
            HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "failed: tls",
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "failed: name-resolution",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "failed: connection",
            HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded } => "failed: response-too-large",
            _ when e.InnerException is TimeoutException => "failed: timeout",
            _ => "failed: response",
        };
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes under the subscriber's secret.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
