using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Notifications;

public sealed class WebhookTests
{
    private const string Secret = "pk-mofa-shared-secret-2026";

    private static async Task Subscribe(HttpClient client, string url, params string[] events) =>
        await (await client.Post("/api/v1/webhooks", new { url, events, secret = Secret })).Json(HttpStatusCode.Created);

    /// <summary>Real time between rounds of <see cref="Until"/>: the fake clock moves by one step per round, at this pace.</summary>
    private static readonly TimeSpan Round = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits in real time (the dispatcher polls) for <paramref name="done"/>, moving the fake clock on by <paramref name="step"/> before each probe.</summary>
    private static Task<T> Until<T>(TestApp app, Func<Task<T>> probe, Func<T, bool> done, TimeSpan step, TimeSpan timeout, string what) =>
        Eventually.UntilAsync(
            async () =>
            {
                app.Time.Advance(step);
                return await probe();
            },
            done,
            timeout,
            what,
            Round);

    private static Task<JsonElement> Deliveries(HttpClient client, string subscription) =>
        client.GetJson($"/api/v1/webhooks/{subscription}/deliveries");

    private static bool AllDelivered(JsonElement deliveries, int count) =>
        deliveries.GetArrayLength() == count && deliveries.EnumerateArray().All(d => d.GetProperty("status").GetString() == "delivered");

    private static string? TruckOf((string EventId, string Type, string Body, bool SignatureValid) received) =>
        JsonDocument.Parse(received.Body).RootElement.GetProperty("data").GetProperty("truckId").GetString();

    [Fact]
    public async Task A_notice_reaches_the_other_sides_webhook_within_seconds_signed_and_with_its_event_id()
    {
        await using var app = await TestApp.StartAsync();
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        await Subscribe(await app.As("pk.liaison"), receiver.Url, "notice");

        var notice = await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

        var waited = Stopwatch.StartNew();
        await Eventually.UntilAsync(() => !receiver.Received.IsEmpty, TimeSpan.FromSeconds(10), "the notice to reach the Pakistani side's webhook");
        var (eventId, type, body, valid) = Assert.Single(receiver.Received);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(5), $"took {waited.Elapsed}");
        Assert.True(valid);
        Assert.Equal("notice", type);
        var envelope = JsonDocument.Parse(body).RootElement;
        Assert.Equal(eventId, envelope.GetProperty("id").GetString());
        Assert.Equal(notice.GetProperty("id").GetString(), envelope.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("security", envelope.GetProperty("data").GetProperty("reasonCategory").GetString());
    }

    [Fact]
    public async Task A_receiver_that_is_down_for_a_while_gets_every_notice_once_per_event_id_with_valid_signatures()
    {
        await using var app = await TestApp.StartAsync();
        await using var receiver = new WebhookReceiver(Secret);
        var pk = await app.As("pk.liaison");
        await Subscribe(pk, receiver.Url, "notice", "acknowledgement");

        // Down: nothing listens on the port while the Afghan side issues three notices.
        var af = await app.As("af.liaison");
        var issued = new List<string>();
        foreach (var crossing in new[] { "torkham", "chaman", "kharlachi" })
        {
            issued.Add((await (await af.Post($"/api/v1/crossings/{crossing}/notices", new NoticeBuilder().From(app.Time.GetUtcNow(), emergency: true).Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        }
        var subscription = (await pk.GetJson("/api/v1/webhooks"))[0].GetProperty("id").GetString();
        await Until(
            app,
            () => Deliveries(pk, subscription!),
            d => d.GetArrayLength() == 3 && d.EnumerateArray().All(x => x.GetProperty("attempts").GetInt32() >= 2),
            TimeSpan.FromSeconds(1),
            TimeSpan.FromSeconds(30),
            "a second attempt at each of the three notices while the receiver is down");

        // Up, but failing at first, then healthy.
        receiver.FailNext = 2;
        await receiver.StartAsync();
        await Until(
            app,
            () => Deliveries(pk, subscription!),
            d => AllDelivered(d, 3),
            TimeSpan.FromMinutes(2),
            TimeSpan.FromSeconds(60),
            "the three notices to be delivered once the receiver is up");
        await (await pk.Post($"/api/v1/notices/{issued[0]}/acknowledgement", new { })).Json(HttpStatusCode.Created);
        // Delivered is recorded after the receiver answered, so this also waits for what the receiver got.
        var deliveries = await Until(
            app,
            () => Deliveries(pk, subscription!),
            d => AllDelivered(d, 4),
            TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(30),
            "the acknowledgement to be delivered too");

        Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
        var notices = receiver.Received.Where(r => r.Type == "notice")
            .GroupBy(r => r.EventId)
            .Select(g => JsonDocument.Parse(g.First().Body).RootElement.GetProperty("data").GetProperty("id").GetString()!)
            .Order().ToList();
        Assert.Equal(issued.Order().ToList(), notices);

        Assert.Equal(4, receiver.DistinctEventIds.Count());
        Assert.Equal(4, deliveries.GetArrayLength());
        Assert.All(deliveries.EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("status").GetString()));
        var retried = deliveries.EnumerateArray().Where(d => d.GetProperty("eventType").GetString() == "notice").ToList();
        Assert.All(retried, d => Assert.True(d.GetProperty("attempts").GetInt32() >= 2));
        Assert.All(retried, d =>
        {
            var log = d.GetProperty("attemptLog").EnumerateArray().ToList();
            Assert.Equal(d.GetProperty("attempts").GetInt32(), log.Count);
            Assert.NotNull(log[0].GetProperty("error").GetString());
            Assert.Equal(200, log[^1].GetProperty("statusCode").GetInt32());
        });
    }

    [Fact]
    public async Task Delivery_is_given_up_after_the_configured_time_and_every_attempt_is_recorded()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Webhooks:GiveUpAfterMinutes"] = "30" });
        await using var receiver = new WebhookReceiver(Secret);
        var pk = await app.As("pk.liaison");
        await Subscribe(pk, receiver.Url, "notice");
        await (await (await app.As("af.liaison")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        var subscription = (await pk.GetJson("/api/v1/webhooks"))[0].GetProperty("id").GetString();

        var delivery = await Until(
            app,
            async () => (await Deliveries(pk, subscription!)).EnumerateArray().SingleOrDefault(),
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("status").GetString() == "failed",
            TimeSpan.FromMinutes(3),
            TimeSpan.FromSeconds(60),
            "the delivery to be given up");

        Assert.True(delivery.GetProperty("attempts").GetInt32() >= 3);
        Assert.Equal(delivery.GetProperty("attempts").GetInt32(), delivery.GetProperty("attemptLog").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, delivery.GetProperty("gaveUpAt").ValueKind);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task Truck_events_reach_only_the_trucks_carrier()
    {
        await using var app = await TestApp.StartAsync();
        await using var mine = new WebhookReceiver(Secret);
        await using var theirs = new WebhookReceiver(Secret);
        await mine.StartAsync();
        await theirs.StartAsync();
        var carrier = await app.As("carrier.demo");
        await Subscribe(carrier, mine.Url, "truck");
        await Subscribe(await app.As("carrier2.demo"), theirs.Url, "truck");
        await (await (await app.As("pk.liaison")).Post("/api/v1/webhooks", new { url = mine.Url, events = new[] { "truck" }, secret = Secret })).Problem(HttpStatusCode.UnprocessableEntity, "events[0]");

        var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Json(HttpStatusCode.OK);

        await Eventually.UntilAsync(() => !mine.Received.IsEmpty, TimeSpan.FromSeconds(10), "the call to reach the carrier's webhook");
        var data = JsonDocument.Parse(mine.Received.Single().Body).RootElement.GetProperty("data");
        Assert.Equal("called", data.GetProperty("change").GetString());
        Assert.Equal(id, data.GetProperty("truckId").GetString());

        // The other carrier's own truck is called next, so that something does reach them.
        var other = await app.As("carrier2.demo");
        var theirId = (await (await other.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await other.Post($"/api/v1/trucks/{theirId}/arrival", null)).Json(HttpStatusCode.OK);
        await (await (await app.As("pk.officer.torkham")).Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 })).Json(HttpStatusCode.OK);
        await Eventually.UntilAsync(() => theirs.Received.Any(r => TruckOf(r) == theirId), TimeSpan.FromSeconds(10), "the call of their own truck to reach the other carrier's webhook");
        // Their call arriving proves the first was fanned out and sent before it (in order); 200 ms covers a stray copy sent in that same round.
        await Task.Delay(200);
        Assert.Equal(new[] { theirId }, theirs.Received.Select(TruckOf));
        Assert.Equal(new[] { id }, mine.Received.Select(TruckOf));
    }

    [Fact]
    public async Task Subscriptions_are_validated_and_their_deliveries_seen_only_by_their_owner()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.liaison");
        await (await pk.Post("/api/v1/webhooks", new { url = "ftp://example.org/x", events = new[] { "notice" }, secret = Secret })).Problem(HttpStatusCode.UnprocessableEntity, "url");
        await (await pk.Post("/api/v1/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "gossip" }, secret = Secret })).Problem(HttpStatusCode.UnprocessableEntity, "events[0]");
        await (await pk.Post("/api/v1/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "notice" }, secret = "short" })).Problem(HttpStatusCode.UnprocessableEntity, "secret");
        await (await app.Anonymous().Post("/api/v1/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "notice" }, secret = Secret })).Problem(HttpStatusCode.Unauthorized);

        var created = await (await pk.Post("/api/v1/webhooks", new { url = "http://127.0.0.1:9/x", events = new[] { "notice" }, secret = Secret })).Json(HttpStatusCode.Created);
        Assert.False(created.TryGetProperty("secret", out _));
        var id = created.GetProperty("id").GetString();
        await (await app.As("af.liaison")).GetJson($"/api/v1/webhooks/{id}/deliveries", HttpStatusCode.NotFound);
        await (await app.As("admin")).GetJson($"/api/v1/webhooks/{id}/deliveries");

        // The audit log records the subscription without its secret.
        var audit = await pk.GetJson("/api/v1/audit?after=0");
        var entry = audit.EnumerateArray().Last();
        Assert.Equal("Subscribe", entry.GetProperty("action").GetString());
        Assert.DoesNotContain(Secret, entry.GetProperty("payload").GetString());
    }
}
