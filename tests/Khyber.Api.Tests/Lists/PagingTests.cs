using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Khyber.Storage.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Lists;

/// <summary>
/// Every list pages with a cursor: following <c>Link: rel="next"</c> page after page gives every item exactly once, in
/// the same order and with the same content as one page holding them all — ties of time included (the fake clock
/// stands still, so most items here share their time and are ordered by id).
/// </summary>
public sealed partial class PagingTests
{
    [GeneratedRegex("^<(?<url>[^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();

    /// <summary>Follows the next links from <paramref name="url"/> until there is none: every item, and how many pages.</summary>
    public static async Task<(List<JsonElement> Items, int Pages)> WalkAsync(HttpClient client, string url)
    {
        var items = new List<JsonElement>();
        var pages = 0;
        string? next = url;
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            var page = await response.Json(HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Array, page.ValueKind);
            items.AddRange(page.EnumerateArray());
            pages++;
            Assert.True(pages <= 1000, $"still paging after {pages} pages from {url}");
            next = null;
            if (response.Headers.TryGetValues("Link", out var links))
            {
                var link = NextLink().Match(links.Single());
                Assert.True(link.Success, $"not an RFC 8288 next link: {links.Single()}");
                next = link.Groups["url"].Value;
                Assert.StartsWith(new Uri("http://x" + url).AbsolutePath + "?", next, StringComparison.Ordinal);
            }
        }
        return (items, pages);
    }

    /// <summary>
    /// Walks <paramref name="url"/> with a small limit and compares with one page of all: the same items, in the same
    /// order, each once, each the same; and more than one page was needed. Returns the ids in order.
    /// </summary>
    private static async Task<List<string>> AssertWalk(HttpClient client, string url, int limit, string id = "id", int bigLimit = 1000)
    {
        var separator = url.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        using var whole = await client.GetAsync($"{url}{separator}limit={bigLimit}");
        var all = (await whole.Json(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.False(whole.Headers.Contains("Link"), $"{url}: one page of {bigLimit} should hold all {all.Count}");

        var (walked, pages) = await WalkAsync(client, $"{url}{separator}limit={limit}");
        Assert.True(pages > 1, $"{url}: {all.Count} items fit on one page of {limit}; seed more");
        Assert.Equal(all.Select(e => e.GetProperty(id).ToString()), walked.Select(e => e.GetProperty(id).ToString()));
        Assert.Equal(walked.Count, walked.Select(e => e.GetProperty(id).ToString()).Distinct().Count());
        // Each item as it is on one page of all: a derived status must not depend on which page the item fell on.
        Assert.Equal(all.Select(e => e.GetRawText()), walked.Select(e => e.GetRawText()));
        return [.. walked.Select(e => e.GetProperty(id).ToString())];
    }

    private static void Ordered(IEnumerable<DateTimeOffset> times, bool newestFirst)
    {
        var list = times.ToList();
        for (var i = 1; i < list.Count; i++)
        {
            Assert.True(newestFirst ? list[i] <= list[i - 1] : list[i] >= list[i - 1], $"out of order at {i}: {list[i - 1]:O} then {list[i]:O}");
        }
    }

    [Fact]
    public async Task Trucks_page_newest_first_with_a_default_of_100_and_the_filters_kept_in_the_next_link()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var registered = new List<string>();
        for (var i = 0; i < 103; i++)
        {
            if (i % 10 == 0)
            {
                app.Time.Advance(TimeSpan.FromMinutes(1));
            }
            var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At(i % 3 == 0 ? "chaman" : "torkham").Build())).Json(HttpStatusCode.Created);
            registered.Add(truck.GetProperty("id").GetString()!);
        }
        var liaison = await app.As("pk.liaison");

        using var first = await liaison.GetAsync("/api/v1/trucks?status=registered");
        Assert.Equal(100, (await first.Json(HttpStatusCode.OK)).GetArrayLength());
        var link = NextLink().Match(first.Headers.GetValues("Link").Single()).Groups["url"].Value;
        Assert.Matches("^/api/v1/trucks\\?status=registered&after=[A-Za-z0-9_-]+$", link);
        var (all, pages) = await WalkAsync(liaison, "/api/v1/trucks?status=registered");
        Assert.Equal(2, pages);
        Assert.Equal(registered.Order(), all.Select(t => t.GetProperty("id").GetString()!).Order());

        var ids = await AssertWalk(liaison, "/api/v1/trucks?crossing=torkham", limit: 7);
        Assert.Equal(registered.Where((_, i) => i % 3 != 0).Order(), ids.Order());
        await AssertWalk(carrier, "/api/v1/trucks", limit: 10);
        var walked = (await WalkAsync(liaison, "/api/v1/trucks?limit=9")).Items;
        Ordered(walked.Select(t => t.GetProperty("registeredAt").GetDateTimeOffset()), newestFirst: true);
    }

    [Fact]
    public async Task Notices_page_newest_first_and_each_keeps_the_status_derived_from_all_its_crossings_notices()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.officer.torkham");
        var af = await app.As("af.officer.torkham");
        var chaman = await app.As("pk.officer.chaman");
        // Closures and reopenings one after another: the older ones are superseded by newer ones, often on another page.
        for (var i = 0; i < 6; i++)
        {
            app.Time.Advance(TimeSpan.FromMinutes(3));
            var now = app.Time.GetUtcNow();
            await (await pk.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State(i % 2 == 0 ? "closed" : "open").From(now, emergency: true).Build())).Json(HttpStatusCode.Created);
            await (await af.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().State("restricted").Directions("AF-PK").From(now, emergency: true).Build())).Json(HttpStatusCode.Created);
            await (await chaman.Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().State("closed").From(now.AddDays(3), emergency: false).Build())).Json(HttpStatusCode.Created);
        }
        var anyone = app.Anonymous();

        var all = await AssertWalk(anyone, "/api/v1/notices", limit: 4);
        Assert.Equal(18, all.Count);
        var active = await AssertWalk(anyone, "/api/v1/notices?active=true", limit: 2);
        var superseded = await AssertWalk(anyone, "/api/v1/notices?active=false", limit: 2);
        Assert.Equal(all.Order(), active.Concat(superseded).Order());
        Assert.Equal(8, active.Count); // the latest of each side at Torkham, and Chaman's six scheduled
        await AssertWalk(anyone, "/api/v1/notices?crossing=torkham&acknowledged=false", limit: 5);
        Ordered((await WalkAsync(anyone, "/api/v1/notices?limit=3")).Items.Select(n => n.GetProperty("issuedAt").GetDateTimeOffset()), newestFirst: true);
    }

    [Fact]
    public async Task Incidents_meetings_agreements_and_commitments_page_in_their_order()
    {
        await using var app = await TestApp.StartAsync();
        var pkLiaison = await app.As("pk.liaison");
        for (var i = 0; i < 5; i++)
        {
            await Registers.IncidentAsync(app);
            await (await pkLiaison.Post("/api/v1/meetings", MeetingBuilder.Build())).Json(HttpStatusCode.Created);
            await Registers.AgreementAsync(app);
            await Registers.CommitmentAsync(app, obligor: i % 2 == 0 ? "PK" : "AF");
            app.Time.Advance(TimeSpan.FromMinutes(i));
        }

        Assert.Equal(5, (await AssertWalk(app.Anonymous(), "/api/v1/incidents", limit: 2)).Count);
        Assert.Equal(5, (await AssertWalk(app.Anonymous(), "/api/v1/incidents?crossing=torkham", limit: 3)).Count);
        Assert.Equal(5, (await AssertWalk(app.Anonymous(), "/api/v1/meetings", limit: 2)).Count);
        Assert.Equal(10, (await AssertWalk(pkLiaison, "/api/v1/agreements", limit: 3)).Count);
        Assert.Equal(5, (await AssertWalk(pkLiaison, "/api/v1/commitments", limit: 2)).Count);
        Assert.Equal(3, (await AssertWalk(pkLiaison, "/api/v1/commitments?side=PK&status=open", limit: 1)).Count);
        Ordered((await WalkAsync(pkLiaison, "/api/v1/commitments?limit=2")).Items.Select(c => c.GetProperty("recordedAt").GetDateTimeOffset()), newestFirst: true);
    }

    [Fact]
    public async Task The_audit_log_pages_by_sequence_number_and_links_the_next_page()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 12; i++)
        {
            await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        }
        var liaison = await app.As("af.liaison");
        var seqs = await AssertWalk(liaison, "/api/v1/audit?after=0", limit: 5, id: "seq", bigLimit: 5000);
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), seqs);

        using var page = await liaison.GetAsync("/api/v1/audit?after=3&limit=4");
        Assert.Equal(["4", "5", "6", "7"], (await page.Json(HttpStatusCode.OK)).EnumerateArray().Select(e => e.GetProperty("seq").ToString()));
        Assert.Equal("</api/v1/audit?after=7&limit=4>; rel=\"next\"", page.Headers.GetValues("Link").Single());
    }

    [Fact]
    public async Task Webhook_subscriptions_and_deliveries_page()
    {
        await using var app = await TestApp.StartAsync();
        var liaison = await app.As("pk.liaison");
        var subscriptions = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            var body = new { url = $"http://127.0.0.1:9/hook{i}", events = new[] { "incident" }, secret = "0123456789abcdef-paging" };
            subscriptions.Add((await (await liaison.Post("/api/v1/webhooks", body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        }
        var start = app.Time.GetUtcNow();
        await app.BulkAsync(db =>
        {
            for (var i = 0; i < 9; i++)
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    Id = Guid.NewGuid(), SubscriptionId = subscriptions[0], MessageId = Guid.NewGuid(), EventType = "incident",
                    Status = "failed", CreatedAt = start.AddMinutes(-(i / 3)), NextAttemptAt = start, GaveUpAt = start, Attempts = 1,
                });
            }
            return Task.CompletedTask;
        });

        Assert.Equal(subscriptions.Select(s => s.ToString()), await AssertWalk(liaison, "/api/v1/webhooks", limit: 2));
        Assert.Equal(9, (await AssertWalk(liaison, $"/api/v1/webhooks/{subscriptions[0]}/deliveries", limit: 4)).Count);
        Assert.Equal(5, (await AssertWalk(await app.As("admin"), "/api/v1/webhooks", limit: 3)).Count);
    }

    [Fact]
    public async Task The_stranded_history_pages_oldest_first()
    {
        await using var app = await TestApp.StartAsync();
        var now = app.Time.GetUtcNow();
        await app.BulkAsync(db =>
        {
            for (var i = 0; i < 30; i++)
            {
                // Two directions at each instant: ties of time, ordered by the point's number.
                db.StrandedSnapshots.Add(StrandedHistory.Point("torkham", i % 2 == 0 ? Direction.PkToAf : Direction.AfToPk, now.AddHours(-(i / 2)), trucks: i));
            }
            return Task.CompletedTask;
        });
        var points = (await WalkAsync(app.Anonymous(), "/api/v1/crossings/torkham/stranded/history?limit=4")).Items;
        Assert.Equal(30, points.Count);
        Ordered(points.Select(p => p.GetProperty("at").GetDateTimeOffset()), newestFirst: false);
        var byNumber = await AssertWalkPoints(app);
        Assert.Equal(30, byNumber);
    }

    private static async Task<int> AssertWalkPoints(TestApp app)
    {
        var client = app.Anonymous();
        var whole = (await client.GetJson("/api/v1/crossings/torkham/stranded/history?limit=5000")).EnumerateArray().Select(p => p.GetRawText()).ToList();
        var walked = (await WalkAsync(client, "/api/v1/crossings/torkham/stranded/history?limit=7")).Items.Select(p => p.GetRawText()).ToList();
        Assert.Equal(whole, walked);
        // Without a limit, a week of points (at most 1000 a page by default) comes on one page here.
        Assert.Equal(whole, (await client.GetJson("/api/v1/crossings/torkham/stranded/history")).EnumerateArray().Select(p => p.GetRawText()));
        return walked.Count;
    }

    [Fact]
    public async Task A_row_added_while_a_client_walks_the_list_neither_repeats_nor_hides_another()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 6; i++)
        {
            await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        }
        var before = (await carrier.GetJson("/api/v1/trucks")).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        using var first = await carrier.GetAsync("/api/v1/trucks?limit=3");
        var seen = (await first.Json(HttpStatusCode.OK)).EnumerateArray().Select(t => t.GetProperty("id").GetString()).ToList();
        // A newer truck comes first in the order; an offset would now show the third truck twice.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var next = NextLink().Match(first.Headers.GetValues("Link").Single()).Groups["url"].Value;
        seen.AddRange((await WalkAsync(carrier, next)).Items.Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(before, seen);
    }

    [Fact]
    public async Task Rows_stored_by_the_database_come_back_in_the_stored_order()
    {
        await using var app = await TestApp.StartAsync();
        var start = app.Time.GetUtcNow();
        await app.BulkAsync(db =>
        {
            for (var i = 0; i < 25; i++)
            {
                db.Trucks.Add(TruckHistory.Exited("ghulam-khan", i % 2 == 0 ? Direction.PkToAf : Direction.AfToPk, start.AddHours(-i)));
            }
            return Task.CompletedTask;
        });
        var stored = await app.Db(db => db.Trucks.AsNoTracking().Where(t => t.CrossingId == "ghulam-khan").OrderByDescending(t => t.ExitedAt).Select(t => t.Id).ToListAsync());
        var ids = await AssertWalk(await app.As("admin"), "/api/v1/trucks?crossing=ghulam-khan", limit: 4);
        Assert.Equal(stored, ids.Select(Guid.Parse));
    }
}
