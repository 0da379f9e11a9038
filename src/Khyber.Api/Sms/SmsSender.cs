using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Khyber.Domain.Sms;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Sms;

/// <summary>
/// Hands the queued texts to Kannel's <c>sendsms</c> interface: oldest first, throttled to <c>Sms:MessagesPerSecond</c>,
/// retried with exponential backoff while Kannel cannot be reached, never handed over twice.
/// </summary>
/// <remarks>
/// <para>
/// A message is claimed before it is handed over (status <c>sending</c>, with a version token, so of two instances
/// one wins). Kannel's answer settles it: taken (<c>sent</c>), or certainly not taken — refused, or not reachable —
/// and then queued again with backoff. When no answer comes (this instance died mid-send, or Kannel was too slow) the
/// message stays claimed: Kannel reports every message it takes (<c>dlr-mask</c> includes "accepted by the
/// operator"), and that report settles it. Only a claim that runs out (<c>Sms:UnconfirmedResendSeconds</c>) with no
/// report at all — counted while this instance is up to hear one — is handed over again.
/// </para>
/// <para>Due times are read off the injected clock (tests move it); the throttle uses real time, as the operator does.</para>
/// </remarks>
public sealed class SmsSender(IServiceScopeFactory scopes, IHttpClientFactory clients, TimeProvider time, SmsSettings settings, ILogger<SmsSender> log) : BackgroundService
{
    public const string Client = "kannel";

    /// <summary>The delivery report types asked for: delivered, undelivered, queued at the operator, accepted by it, refused by it.</summary>
    public const int DlrMask = 1 | 2 | 4 | 8 | 16;

    private const int Batch = 32;

    private readonly Throttle _throttle = new(settings.MessagesPerSecond);

    /// <summary>
    /// Since when this instance can hear Kannel's reports. Silence counts only while someone listens: after a restart,
    /// the reports Kannel could not deliver while Khyber was down come with its retries, so an unanswered claim is not
    /// sent again before a whole <see cref="SmsSettings.UnconfirmedResend"/> has passed with this instance up.
    /// </summary>
    private readonly DateTimeOffset _listeningSince = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var handed = 0;
            try
            {
                handed = await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "SMS round failed; trying again");
            }
            if (handed > 0)
            {
                continue;
            }
            try
            {
                await Task.Delay(settings.Poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// One round: settle stale claims and expired messages, then claim what is due and hand it over; returns how many
    /// were handed over. The outcomes of a round are saved together (a message's outcome alone when a delivery report
    /// changed it meanwhile).
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
        await SettleAsync(db, ct);
        var claimed = await ClaimAsync(db, ct);
        var outcomes = new List<(SmsMessage Message, Outcome Outcome)>();
        var started = 0;
        try
        {
            foreach (var message in claimed)
            {
                await _throttle.WaitAsync(message.Parts, ct);
                started++;
                outcomes.Add((message, await SendAsync(message, ct)));
            }
        }
        finally
        {
            // Stopping: what was claimed but never started goes back to the queue at once; one stopped mid-send stays
            // claimed, for Kannel's report to settle.
            var stopped = claimed.Skip(started).Select(m => (m, new Outcome(Taken: false, Known: true, "The sender stopped before handing it over."))).ToList();
            await RecordAsync(db, [.. outcomes, .. stopped], ct.IsCancellationRequested ? CancellationToken.None : ct);
        }
        return outcomes.Count;
    }

    private async Task SettleAsync(KhyberDb db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var listened = now >= _listeningSince + settings.UnconfirmedResend;
        var stale = await db.SmsMessages
            .Where(m => (listened && m.Status == SmsStatus.Sending && m.ClaimedUntil <= now) || (m.Status == SmsStatus.Queued && m.ExpiresAt <= now))
            .OrderBy(m => m.CreatedAt).Take(200)
            .ToListAsync(ct);
        if (stale.Count == 0)
        {
            return;
        }
        foreach (var message in stale)
        {
            if (message.ClaimExpired(now))
            {
                log.LogWarning("SMS {MessageId}: no answer and no delivery report from Kannel; sending it again", message.Id);
            }
            if (message.ExpireIfDue(now))
            {
                log.LogWarning("SMS {MessageId} ({Kind}) expired before Kannel took it", message.Id, message.Kind);
            }
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A report or another instance got there first; the next round sees what it did.
        }
        db.ChangeTracker.Clear();
    }

    private async Task<List<SmsMessage>> ClaimAsync(KhyberDb db, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.SmsMessages
            .Where(m => m.Status == SmsStatus.Queued && m.NextAttemptAt <= now && m.ExpiresAt > now)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(Batch)
            .ToListAsync(ct);
        if (due.Count == 0)
        {
            return [];
        }
        var until = now + settings.UnconfirmedResend;
        foreach (var message in due)
        {
            message.Claim(until);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return due;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance claimed some of them: claim one at a time, keeping those this one wins.
            db.ChangeTracker.Clear();
        }
        var claimed = new List<SmsMessage>();
        foreach (var id in due.Select(m => m.Id))
        {
            var message = await db.SmsMessages.SingleAsync(m => m.Id == id, ct);
            if (!message.IsDue(now))
            {
                continue;
            }
            message.Claim(until);
            try
            {
                await db.SaveChangesAsync(ct);
                claimed.Add(message);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.Entry(message).State = EntityState.Detached;
            }
        }
        return claimed;
    }

    /// <summary>What came of one hand-over: taken, certainly not taken, or not known (no answer).</summary>
    private sealed record Outcome(bool Taken, bool Known, string? Error);

    private async Task<Outcome> SendAsync(SmsMessage message, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await clients.CreateClient(Client).GetAsync(SendUrl(message), timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
            {
                log.LogDebug("SMS {MessageId} taken by Kannel in {Ms:F0} ms: {Answer}", message.Id, clock.Elapsed.TotalMilliseconds, body.Trim());
                return new Outcome(Taken: true, Known: true, null);
            }
            // Kannel refused it (bad credentials, a number it will not route): it did not take the message.
            return new Outcome(Taken: false, Known: true, $"Kannel answered {(int)response.StatusCode}: {Shorten(body.Trim())}");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Kannel could not be reached at all: it certainly has not taken the message.
            return new Outcome(Taken: false, Known: true, $"Kannel not reachable: {e.Message}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The request may have reached Kannel: only its delivery report can tell.
            log.LogWarning("SMS {MessageId}: no answer from Kannel ({Error}); waiting for its delivery report before sending it again", message.Id, e.Message);
            return new Outcome(Taken: false, Known: false, e is OperationCanceledException ? "Kannel did not answer in time." : e.Message);
        }
    }

    private async Task RecordAsync(KhyberDb db, List<(SmsMessage Message, Outcome Outcome)> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        foreach (var (message, outcome) in outcomes)
        {
            Apply(message, outcome, now);
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A delivery report came in meanwhile for some of them: apply each outcome to what is stored now.
        }
        foreach (var (message, outcome) in outcomes)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                await db.Entry(message).ReloadAsync(ct);
                Apply(message, outcome, now);
                try
                {
                    await db.SaveChangesAsync(ct);
                    break;
                }
                catch (DbUpdateConcurrencyException)
                {
                }
            }
        }
    }

    private void Apply(SmsMessage message, Outcome outcome, DateTimeOffset now)
    {
        if (outcome.Taken)
        {
            message.Accepted(now);
        }
        else if (outcome.Known)
        {
            message.NotTaken(outcome.Error ?? "Not taken.", now + Backoff(message.Attempts));
            log.LogInformation("SMS {MessageId} not taken ({Error}); attempt {Attempt}, next at {Next:u}", message.Id, outcome.Error, message.Attempts, message.NextAttemptAt);
        }
    }

    /// <summary>Exponential backoff with equal jitter, as the webhooks have.</summary>
    private TimeSpan Backoff(int attempts)
    {
        var exponential = settings.RetryBase * Math.Pow(2, Math.Min(30, attempts - 1));
        var capped = exponential < settings.RetryMax ? exponential : settings.RetryMax;
        return capped * (0.5 + (0.5 * Random.Shared.NextDouble()));
    }

    /// <summary>
    /// Kannel's <c>sendsms</c> call: UTF-8 text with the coding that fits (UCS-2 for Urdu, Pashto and Dari), delivery
    /// reports to <c>/api/v1/sms/messages/{id}/delivery-reports</c>, and a validity that ends when the message stops mattering.
    /// </summary>
    public Uri SendUrl(SmsMessage message)
    {
        var dlr = $"{settings.CallbackUrl}/api/v1/sms/messages/{message.Id}/delivery-reports?secret={settings.CallbackSecret}&status=%d&answer=%A";
        var validity = Math.Max(1, (int)Math.Ceiling((message.ExpiresAt - time.GetUtcNow()).TotalMinutes));
        var query = new StringBuilder();
        void Add(string name, string value) => query.Append(query.Length == 0 ? "" : "&").Append(name).Append('=').Append(Uri.EscapeDataString(value));
        Add("username", settings.User);
        Add("password", settings.Password);
        Add("from", settings.SenderId);
        Add("to", message.Phone);
        Add("text", message.Text);
        Add("charset", "UTF-8");
        Add("coding", message.Encoding == SmsEncoding.Ucs2 ? "2" : "0");
        Add("dlr-mask", DlrMask.ToString(CultureInfo.InvariantCulture));
        Add("dlr-url", dlr);
        Add("validity", validity.ToString(CultureInfo.InvariantCulture));
        var builder = new UriBuilder(settings.KannelUrl) { Query = query.ToString() };
        return builder.Uri;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] : text;

    /// <summary>A token bucket over real time: at most <c>rate</c> parts a second, in bursts of at most one second's worth.</summary>
    private sealed class Throttle(double rate)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly double _capacity = Math.Max(1, rate);
        private double _tokens = Math.Max(1, rate);
        private double _last;

        public async Task WaitAsync(int parts, CancellationToken ct)
        {
            var need = Math.Min(parts, _capacity);
            while (true)
            {
                var now = _clock.Elapsed.TotalSeconds;
                _tokens = Math.Min(_capacity, _tokens + ((now - _last) * rate));
                _last = now;
                if (_tokens >= need)
                {
                    _tokens -= need;
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds((need - _tokens) / rate), ct);
            }
        }
    }
}
