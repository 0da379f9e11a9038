using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Resilience;

/// <summary>
/// Kills the server with SIGKILL at random moments while carriers, officers and liaisons write, restarts it, and
/// checks that every acknowledged write is there exactly once, the queue is consistent, the outbox still
/// delivers and the audit chain verifies.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const string Secret = "crash-test-webhook-secret";
    private const int Rounds = 3;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "0",
        ["Demo:Password"] = TestDatabase.Password,
        ["Auth:SigningKey"] = "crash-test-signing-key-that-is-long-enough-42",
        ["Auth:PasswordHashIterations"] = "1000",
        ["Webhooks:PollMilliseconds"] = "100",
        ["Webhooks:RetryBaseSeconds"] = "0.2",
        ["Webhooks:RetryMaxSeconds"] = "1",
        ["Webhooks:TimeoutSeconds"] = "1",
        ["Events:PollMilliseconds"] = "100",
    };

    /// <summary>One write: what was sent (so a retry sends the very same body and key) and what came back.</summary>
    private sealed record Op(string Kind, string Key, string Subject, string Path, System.Text.Json.Nodes.JsonNode? Body, string User)
    {
        public HttpStatusCode? Status { get; set; }

        public string? Result { get; set; }

        public bool Acknowledged => Status is { } s && (int)s < 500;
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_sigkill_exactly_once_and_the_chain_and_outbox_hold()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var random = new Random(20261128);
        var ops = new ConcurrentBag<Op>();
        var plate = 0;
        var noticeNumber = 0;
        try
        {
            await using var server = new ServerProcess(connection, Settings);
            await server.StartAsync();
            var pk = await SignIn(server, "pk.liaison");
            var subscribe = new Op("subscribe", "subscribe", "", "/api/v1/webhooks", System.Text.Json.Nodes.JsonNode.Parse($$"""{"url":"{{receiver.Url}}","events":["notice"],"secret":"{{Secret}}"}"""), "pk.liaison");
            await Send(subscribe, server, pk);
            Assert.Equal(HttpStatusCode.Created, subscribe.Status);

            for (var round = 0; round < Rounds; round++)
            {
                if (!server.Running)
                {
                    await server.StartAsync();
                }
                var carrier = await SignIn(server, "carrier.demo");
                var officer = await SignIn(server, "pk.officer.chaman");
                var af = await SignIn(server, "af.liaison");
                var serverNow = await ServerTime(server);
                using var stop = new CancellationTokenSource();
                var workers = new[]
                {
                    Work(async () =>
                    {
                        var n = Interlocked.Increment(ref plate);
                        var op = new Op("register", $"reg-{n}", $"CRASH{n:D4}", "/api/v1/trucks", new TruckBuilder().At("chaman").Plate($"CRASH{n:D4}").Build(), "carrier.demo");
                        ops.Add(op);
                        await Send(op, server, carrier);
                        if (op.Status == HttpStatusCode.Created)
                        {
                            var id = JsonDocument.Parse(op.Result!).RootElement.GetProperty("id").GetString()!;
                            var arrival = new Op("arrival", "", id, $"/api/v1/trucks/{id}/arrival", null, "carrier.demo");
                            ops.Add(arrival);
                            await Send(arrival, server, carrier);
                        }
                        await Task.Delay(20);
                    }, stop.Token),
                    Work(async () =>
                    {
                        var n = Interlocked.Increment(ref noticeNumber);
                        var state = n % 2 == 0 ? "open" : "restricted";
                        var body = new NoticeBuilder().State(state).Build();
                        // The server runs on the real clock: take its time from its Date header.
                        body["effectiveFrom"] = serverNow.ToString("O");
                        if (state == "open")
                        {
                            body.Remove("emergencyJustification");
                            body["emergency"] = false;
                        }
                        var op = new Op("notice", $"notice-{n}", "kharlachi", "/api/v1/crossings/kharlachi/notices", body, "af.liaison");
                        ops.Add(op);
                        await Send(op, server, af);
                        await Task.Delay(50);
                    }, stop.Token),
                    Work(async () =>
                    {
                        var op = new Op("call", $"call-{Guid.NewGuid():N}", "chaman/PK-AF", "/api/v1/crossings/chaman/queue/PK-AF/call", System.Text.Json.Nodes.JsonNode.Parse("""{"count":2}"""), "pk.officer.chaman");
                        ops.Add(op);
                        await Send(op, server, officer);
                        await Task.Delay(100);
                    }, stop.Token),
                };
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(700, 2500)));
                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(workers);
                output.WriteLine($"round {round}: killed after {ops.Count} operations");

                // After the restart every unanswered request is retried with its key: it must take effect exactly once.
                await server.StartAsync();
                carrier = await SignIn(server, "carrier.demo");
                af = await SignIn(server, "af.liaison");
                officer = await SignIn(server, "pk.officer.chaman");
                var clients = new Dictionary<string, HttpClient> { ["carrier.demo"] = carrier, ["af.liaison"] = af, ["pk.officer.chaman"] = officer };
                foreach (var op in ops.Where(o => !o.Acknowledged && o.Kind != "arrival").ToList())
                {
                    await Send(op, server, clients[op.User]);
                }
                if (round < Rounds - 1)
                {
                    server.Kill();
                }
            }

            // The checks, in the database and through the server as it came back.
            var liaison = await SignIn(server, "pk.liaison");
            await using var db = OpenDatabase(connection);
            var trucks = await db.Trucks.AsNoTracking().Where(t => t.Plate.StartsWith("CRASH")).ToListAsync();
            var registered = ops.Where(o => o.Kind == "register" && o.Status == HttpStatusCode.Created).ToList();
            Assert.NotEmpty(registered);
            foreach (var op in registered)
            {
                var id = JsonDocument.Parse(op.Result!).RootElement.GetProperty("id").GetGuid();
                var withPlate = trucks.Where(t => t.Plate == op.Subject).ToList();
                Assert.True(withPlate.Count == 1, $"{op.Subject}: {withPlate.Count} trucks");
                Assert.Equal(id, withPlate[0].Id);
            }
            Assert.Equal(trucks.Count, trucks.Select(t => t.Plate).Distinct().Count());

            // The queue: every waiting truck once, numbered without repeats, positions 1..n.
            var waiting = await db.Trucks.AsNoTracking().Where(t => t.CrossingId == "chaman" && t.Direction == Domain.Direction.PkToAf && t.Status == Domain.Trucks.TruckStatus.Waiting).ToListAsync();
            Assert.Equal(waiting.Count, waiting.Select(t => t.QueueNumber).Distinct().Count());
            var queue = (await (await SignIn(server, "pk.officer.chaman")).GetFromJsonAsync<JsonElement>(new Uri(server.Url, "/api/v1/crossings/chaman/queue/PK-AF"))).EnumerateArray().ToList();
            Assert.Equal(Enumerable.Range(1, queue.Count), queue.Select(e => e.GetProperty("position").GetInt32()));
            Assert.Equal(waiting.Select(t => t.Id).Order(), queue.Select(e => e.GetProperty("truckId").GetGuid()).Order());
            var called = ops.Where(o => o.Kind == "call" && o.Status == HttpStatusCode.OK)
                .SelectMany(o => JsonDocument.Parse(o.Result!).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()))
                .ToList();
            Assert.Equal(called.Count, called.Distinct().Count());
            Assert.Empty(called.Intersect(waiting.Select(t => t.Id)));

            var notices = (await liaison.GetFromJsonAsync<JsonElement>(new Uri(server.Url, "/api/v1/notices?crossing=kharlachi"))).EnumerateArray().ToList();
            var acknowledgedNotices = ops.Where(o => o.Kind == "notice" && o.Status == HttpStatusCode.Created)
                .Select(o => JsonDocument.Parse(o.Result!).RootElement.GetProperty("id").GetString()).ToList();
            Assert.All(acknowledgedNotices, id => Assert.Single(notices, n => n.GetProperty("id").GetString() == id));
            Assert.Equal(acknowledgedNotices.Distinct().Count(), acknowledgedNotices.Count);

            var verification = await liaison.GetFromJsonAsync<JsonElement>(new Uri(server.Url, "/api/v1/audit/verification"));
            Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());

            // Every notice that exists reaches the webhook, however many times the server died on the way.
            var noticeIds = notices.Select(n => n.GetProperty("id").GetString()).ToHashSet();
            await Eventually.UntilAsync(
                () => Task.FromResult(noticeIds.Except(Delivered(receiver)).ToList()),
                missing => missing.Count == 0,
                TimeSpan.FromSeconds(30),
                $"the notices still missing from the webhook (of {noticeIds.Count}) to arrive",
                TimeSpan.FromMilliseconds(200));
            Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));
            output.WriteLine($"{ops.Count} operations, {registered.Count} registrations acknowledged, {notices.Count} notices, {receiver.Received.Count} deliveries for {receiver.DistinctEventIds.Count()} events, {verification.GetProperty("entries")} audit entries");
        }
        finally
        {
            await TestDatabase.DropAsync(connection);
        }
    }

    private static Storage.KhyberDb OpenDatabase(string connection) => TestDatabase.IsPostgres
        ? new Storage.PostgresKhyberDb(new DbContextOptionsBuilder<Storage.PostgresKhyberDb>().UseNpgsql(connection).Options)
        : new Storage.SqliteKhyberDb(new DbContextOptionsBuilder<Storage.SqliteKhyberDb>().UseSqlite(connection).Options);

    private static HashSet<string?> Delivered(WebhookReceiver receiver) =>
        receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("id").GetString()).ToHashSet();

    private static Task Work(Func<Task> step, CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await step();
        }
    });

    /// <summary>Sends once; a request the dying server never answered stays unacknowledged.</summary>
    private static async Task Send(Op op, ServerProcess server, HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Url, op.Path));
        if (op.Body is not null)
        {
            request.Content = new StringContent(op.Body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        }
        if (op.Key.Length > 0)
        {
            request.Headers.Add("Idempotency-Key", op.Key);
        }
        try
        {
            using var response = await client.SendAsync(request);
            op.Status = response.StatusCode;
            op.Result = await response.Content.ReadAsStringAsync();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            op.Status = null;
        }
    }

    private static async Task<DateTimeOffset> ServerTime(ServerProcess server)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(server.Url, "/health"));
        return response.Headers.Date ?? throw new InvalidOperationException("The server sent no Date header.");
    }

    private static async Task<HttpClient> SignIn(ServerProcess server, string user)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var response = await client.PostAsJsonAsync(new Uri(server.Url, "/api/v1/auth/token"), new { username = user, password = TestDatabase.Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
