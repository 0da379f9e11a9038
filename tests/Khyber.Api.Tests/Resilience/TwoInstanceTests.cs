using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Resilience;

/// <summary>Two server processes on one database serve the same crossing as one.</summary>
public sealed class TwoInstanceTests
{
    private const string Secret = "two-instance-webhook-secret";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:HistoryDays"] = "0",
        ["Demo:Password"] = TestDatabase.Password,
        ["Auth:SigningKey"] = "two-instance-signing-key-that-is-long-enough",
        ["Auth:PasswordHashIterations"] = "1000",
        ["Webhooks:PollMilliseconds"] = "50",
        ["Events:PollMilliseconds"] = "100",
        ["RateLimits:RegistrationsPerAddressPerMinute"] = "100000",
        ["RateLimits:SignInPerAddressPerMinute"] = "100000",
    };

    [Fact]
    public async Task Two_instances_call_no_truck_twice_share_notices_deliver_each_event_once_and_keep_one_chain()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        try
        {
            await using var a = new ServerProcess(connection, Settings);
            await a.StartAsync();
            await using var b = new ServerProcess(connection, Settings);
            await b.StartAsync();

            var pkA = await SignIn(a, "pk.liaison");
            var subscribed = await Post(pkA, a, "/api/v1/webhooks", $$"""{"url":"{{receiver.Url}}","events":["notice","status"],"secret":"{{Secret}}"}""");
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

            // Carriers register and check in through both instances.
            var carriers = new[] { await SignIn(a, "carrier.demo"), await SignIn(b, "carrier.demo") };
            var servers = new[] { a, b };
            for (var i = 0; i < 30; i++)
            {
                var registered = await Post(carriers[i % 2], servers[i % 2], "/api/v1/trucks", new TruckBuilder().At("chaman").Plate($"TWIN{i:D3}").Build().ToJsonString());
                Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
                var id = JsonDocument.Parse(await registered.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
                Assert.Equal(HttpStatusCode.OK, (await Post(carriers[(i + 1) % 2], servers[(i + 1) % 2], $"/api/v1/trucks/{id}/arrival", null)).StatusCode);
            }
            var officers = new[] { await SignIn(a, "pk.officer.chaman"), await SignIn(b, "pk.officer.chaman") };
            var queued = (await officers[0].GetFromJsonAsync<JsonElement>(new Uri(a.Url, "/api/v1/crossings/chaman/queue/PK-AF"))).GetArrayLength();

            // Two officers, one on each instance, call at the same time until the queue is empty.
            var called = new List<string>();
            while (true)
            {
                var calls = await Task.WhenAll(
                    Post(officers[0], a, "/api/v1/crossings/chaman/queue/PK-AF/call", """{"count":4}"""),
                    Post(officers[1], b, "/api/v1/crossings/chaman/queue/PK-AF/call", """{"count":4}"""));
                var batch = new List<string>();
                foreach (var call in calls)
                {
                    Assert.Equal(HttpStatusCode.OK, call.StatusCode);
                    batch.AddRange(JsonDocument.Parse(await call.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(t => t.GetProperty("id").GetString()!));
                }
                if (batch.Count == 0)
                {
                    break;
                }
                called.AddRange(batch);
            }
            Assert.Equal(queued, called.Count);
            Assert.Equal(called.Count, called.Distinct().Count());

            // A notice issued on one instance is seen on the other at once, and announced on its event stream.
            var afB = await SignIn(b, "af.liaison");
            using var stream = await OpenStream(b);
            var notice = new NoticeBuilder().State("restricted").Build();
            // The servers run on the real clock: take their time from the Date header.
            notice["effectiveFrom"] = (await ServerTime(a)).ToString("O");
            var issued = await Post(await SignIn(a, "af.liaison"), a, "/api/v1/crossings/kharlachi/notices", notice.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
            var noticeId = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            var onB = await afB.GetFromJsonAsync<JsonElement>(new Uri(b.Url, $"/api/v1/notices/{noticeId}"));
            Assert.Equal("restricted", onB.GetProperty("gateState").GetString());
            Assert.Contains(noticeId!, await ReadUntil(stream, noticeId!));

            // Every event reaches the webhook exactly once, though both instances dispatch. A later notice is issued
            // (on the other instance) once the first one's events are delivered: events go out in order, so when the later
            // one's have arrived, both dispatchers have claimed and sent everything before them.
            await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count(r => SubjectOf(r) == noticeId)), n => n >= 2, TimeSpan.FromSeconds(30), "the notice's notice and status events to reach the webhook");
            var later = new NoticeBuilder().State("closed").Build();
            later["effectiveFrom"] = (await ServerTime(b)).ToString("O");
            var laterIssued = await Post(afB, b, "/api/v1/crossings/torkham/notices", later.ToJsonString());
            Assert.Equal(HttpStatusCode.Created, laterIssued.StatusCode);
            var laterId = JsonDocument.Parse(await laterIssued.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            await Eventually.UntilAsync(() => Task.FromResult(receiver.Received.Count(r => SubjectOf(r) == laterId)), n => n >= 2, TimeSpan.FromSeconds(30), "the later notice's notice and status events to reach the webhook");
            var subscription = JsonDocument.Parse(await subscribed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
            var pkB = await SignIn(b, "pk.liaison");
            var deliveries = await Eventually.UntilAsync(
                () => pkB.GetFromJsonAsync<JsonElement>(new Uri(b.Url, $"/api/v1/webhooks/{subscription}/deliveries")),
                d => d.EnumerateArray().All(x => x.GetProperty("status").GetString() == "delivered"),
                TimeSpan.FromSeconds(30),
                "every delivery to be recorded as delivered");
            // Only a second send already under way in a dispatch round (50 ms apart) could still come: a short wait covers it.
            await Task.Delay(300);
            Assert.True(deliveries.GetArrayLength() >= 4, deliveries.ToString());
            Assert.All(deliveries.EnumerateArray(), d => Assert.Equal("delivered", d.GetProperty("status").GetString()));
            Assert.Equal(receiver.Received.Count, receiver.DistinctEventIds.Count());
            Assert.Equal(deliveries.GetArrayLength(), receiver.Received.Count);
            Assert.All(receiver.Received, r => Assert.True(r.SignatureValid));

            var verification = await pkA.GetFromJsonAsync<JsonElement>(new Uri(b.Url, "/api/v1/audit/verification"));
            Assert.True(verification.GetProperty("valid").GetBoolean(), verification.ToString());
        }
        finally
        {
            await TestDatabase.DropAsync(connection);
        }
    }

    [Fact]
    public async Task A_sign_in_form_from_one_instance_is_accepted_by_the_other_and_its_session_cookie_by_the_first()
    {
        var connection = await TestDatabase.CreateEmptyAsync();
        await using var a = new ServerProcess(connection, Settings);
        await a.StartAsync();
        await using var b = new ServerProcess(connection, Settings);
        await b.StartAsync();
        var cookies = new CookieContainer();
        using var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        using var client = new HttpClient(handler);

        // The form and its anti-forgery cookie come from A; the form is sent to B (behind one proxy, either may answer).
        var form = await client.GetStringAsync(new Uri(a.Url, "/account/login"));
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var signIn = await client.PostAsync(new Uri(b.Url, "/account/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "carrier.demo",
            ["password"] = TestDatabase.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/carrier", signIn.Headers.Location?.OriginalString);

        // The session cookie B issued opens the carrier's page on A.
        var page = await client.GetAsync(new Uri(a.Url, "/carrier"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Carrier portal", await page.Content.ReadAsStringAsync());
    }

    /// <summary>The notice an event is about: its own id for a notice event, the notice that changed the gates for a status event.</summary>
    private static string? SubjectOf((string EventId, string Type, string Body, bool SignatureValid) received) =>
        JsonDocument.Parse(received.Body).RootElement.TryGetProperty("subjectId", out var subject) ? subject.GetString() : null;

    private static async Task<HttpResponseMessage> Post(HttpClient client, ServerProcess server, string path, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri(server.Url, path), content);
    }

    private static async Task<StreamReader> OpenStream(ServerProcess server)
    {
        var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var response = await client.GetAsync(new Uri(server.Url, "/api/v1/events?crossing=kharlachi"), HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        // Wait until the stream is connected, so the notice comes after it.
        while (await reader.ReadLineAsync() is { } line && !line.StartsWith(": connected", StringComparison.Ordinal))
        {
        }
        return reader;
    }

    private static async Task<string> ReadUntil(StreamReader stream, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var seen = new StringBuilder();
        while (!seen.ToString().Contains(text, StringComparison.Ordinal))
        {
            seen.AppendLine(await stream.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stream ended"));
        }
        return seen.ToString();
    }

    private static async Task<DateTimeOffset> ServerTime(ServerProcess server)
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(server.Url, "/health"));
        return response.Headers.Date ?? throw new InvalidOperationException("no Date header");
    }

    private static async Task<HttpClient> SignIn(ServerProcess server, string user)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync(new Uri(server.Url, "/api/v1/auth/token"), new { username = user, password = TestDatabase.Password });
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }
}
