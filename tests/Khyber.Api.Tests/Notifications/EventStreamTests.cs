using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Notifications;

public sealed class EventStreamTests
{
    private sealed record Sse(string Id, string Event, JsonElement Data);

    /// <summary>Reads server-sent events until <paramref name="until"/> holds or time runs out.</summary>
    private static async Task<List<Sse>> Read(HttpClient client, string url, Func<List<Sse>, bool> until, Func<Task> afterConnect, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var events = new List<Sse>();
        var connected = false;
        string? id = null, type = null, data = null;
        while (!until(events))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("stream ended");
            if (!connected && line.StartsWith(": connected", StringComparison.Ordinal))
            {
                connected = true;
                await afterConnect();
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) { id = line[4..]; }
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) { type = line[7..]; }
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) { data = line[6..]; }
            else if (line.Length == 0 && data is not null)
            {
                events.Add(new Sse(id!, type!, JsonDocument.Parse(data).RootElement.Clone()));
                id = type = data = null;
            }
        }
        return events;
    }

    [Fact]
    public async Task A_notice_appears_on_the_public_event_stream_without_polling()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("af.officer.torkham");
        string? noticeId = null;
        var clock = Stopwatch.StartNew();

        var events = await Read(app.Anonymous(), "/api/v1/events?crossing=torkham",
            e => e.Any(x => x.Event == "notice") && e.Any(x => x.Event == "status"),
            async () => noticeId = (await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString());

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        var notice = events.Single(e => e.Event == "notice");
        Assert.Equal(noticeId, notice.Data.GetProperty("data").GetProperty("id").GetString());
        var status = events.Single(e => e.Event == "status");
        Assert.All(status.Data.GetProperty("data").GetProperty("directions").EnumerateArray(), d => Assert.Equal("closed", d.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_client_that_reconnects_with_its_last_event_id_gets_what_it_missed_and_no_private_events()
    {
        await using var app = await TestApp.StartAsync();
        var af = await app.As("af.liaison");
        var first = await Read(app.Anonymous(), "/api/v1/events", e => e.Any(x => x.Event == "notice"),
            async () => await (await af.Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created));
        var lastId = first.Last().Id;

        // While disconnected: another notice, and a truck call (whose truck event is private to its carrier).
        await (await af.Post("/api/v1/crossings/kharlachi/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        var carrier = await app.As("carrier.demo");
        var truck = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("ghulam-khan", "AF-PK").Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await carrier.Post($"/api/v1/trucks/{truck}/arrival", null)).Json(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromHours(3)); // into Ghulam Khan's operating hours (03:00–13:00 UTC)
        await (await (await app.As("af.officer.ghulam-khan")).Post("/api/v1/crossings/ghulam-khan/queue/AF-PK/call", new { count = 1 })).Json(HttpStatusCode.OK);

        var missed = await Read(app.Anonymous(), "/api/v1/events", e => e.Any(x => x.Event == "status" && x.Data.GetProperty("crossingId").GetString() == "ghulam-khan"), () => Task.CompletedTask, lastEventId: lastId);

        Assert.Contains(missed, e => e.Event == "notice" && e.Data.GetProperty("crossingId").GetString() == "kharlachi");
        Assert.DoesNotContain(missed, e => e.Event == "truck");
        Assert.All(missed, e => Assert.True(long.Parse(e.Id, System.Globalization.CultureInfo.InvariantCulture) > long.Parse(lastId, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_notice_unacknowledged_past_the_configured_time_is_escalated_once_and_flagged()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Notices:EscalateAfterMinutes"] = "45" });
        var af = await app.As("af.officer.torkham");
        var waiting = (await (await af.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString();
        var answered = (await (await (await app.As("pk.liaison")).Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await (await app.As("af.liaison")).Post($"/api/v1/notices/{answered}/acknowledgement", new { })).Json(HttpStatusCode.Created);

        app.Time.Advance(TimeSpan.FromMinutes(44));
        await app.TickAsync();
        Assert.False((await app.Anonymous().GetJson($"/api/v1/notices/{waiting}")).GetProperty("escalated").GetBoolean());

        app.Time.Advance(TimeSpan.FromMinutes(2));
        await app.TickAsync();
        await app.TickAsync();
        var escalated = await app.Anonymous().GetJson($"/api/v1/notices/{waiting}");
        Assert.True(escalated.GetProperty("escalated").GetBoolean());
        Assert.False((await app.Anonymous().GetJson($"/api/v1/notices/{answered}")).GetProperty("escalated").GetBoolean());
        var escalations = await app.Db(db => Task.FromResult(db.OutboxMessages.Where(m => m.Type == "escalation").Select(m => m.SubjectId).ToList()));
        Assert.Equal([waiting], escalations);
    }

    [Fact]
    public async Task An_incident_and_the_other_sides_response_are_announced_on_the_stream()
    {
        await using var app = await TestApp.StartAsync();
        Guid incident = default;
        var events = await Read(app.Anonymous(), "/api/v1/events?crossing=torkham", e => e.Count(x => x.Event == "incident") == 2, async () =>
        {
            incident = await Registers.IncidentAsync(app);
            await (await (await app.As("af.liaison")).Post($"/api/v1/incidents/{incident}/responses", new { stance = "dispute", statement = "Our guards returned fire only after being fired upon." }))
                .Json(HttpStatusCode.Created);
        });

        var announced = events.Where(e => e.Event == "incident").Select(e => e.Data).ToList();
        Assert.All(announced, e => Assert.Equal(incident.ToString(), e.GetProperty("subjectId").GetString()));
        Assert.Equal(["PK", "AF"], announced.Select(e => e.GetProperty("side").GetString()!).ToArray());
    }

    [Fact]
    public async Task The_atom_feed_lists_a_crossings_notices_with_reasons_as_text()
    {
        await using var app = await TestApp.StartAsync();
        var body = new NoticeBuilder().Build();
        body["reason"] = "<script>alert('x')</script> & closed";
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", body)).Json(HttpStatusCode.Created);

        var response = await app.Anonymous().GetAsync("/api/v1/crossings/torkham/feed.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", text);
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(text);
        var entry = Assert.Single(feed.Root!.Elements(atom + "entry"));
        Assert.Contains("<script>alert('x')</script> & closed", entry.Element(atom + "content")!.Value);
        Assert.StartsWith("AF closes Torkham", entry.Element(atom + "title")!.Value);
        await app.Anonymous().GetJson("/api/v1/crossings/nowhere/feed.atom", HttpStatusCode.NotFound);
    }
}
