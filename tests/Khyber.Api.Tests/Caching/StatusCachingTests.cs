using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Caching;

/// <summary>
/// The status is computed once per change and read by everyone; every public answer carries strong validators and
/// short public caching, and a reader holding the current answer gets a 304 without any computation.
/// </summary>
public sealed class StatusCachingTests(ITestOutputHelper output)
{
    public static readonly string[] PublicRoutes =
    [
        "/api/v1/crossings",
        "/api/v1/crossings/torkham",
        "/api/v1/crossings/torkham/stranded",
        "/api/v1/notices",
        "/api/v1/crossings/torkham/feed.atom",
    ];

    [Fact]
    public async Task Every_public_answer_has_a_strong_etag_last_modified_and_short_public_caching_and_a_match_is_a_304()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Caching:PublicMaxAgeSeconds"] = "3" });
        var code = await RegisteredTrackingCode(app);
        var client = app.Anonymous();
        foreach (var route in PublicRoutes.Concat([$"/api/v1/track/{code}", $"/t/{code}"]))
        {
            var first = await client.GetAsync(route);
            Assert.True(first.StatusCode == HttpStatusCode.OK, $"{route}: {(int)first.StatusCode}");
            var etag = first.Headers.ETag;
            Assert.True(etag is { IsWeak: false }, $"{route} has no strong ETag");
            Assert.NotNull(first.Content.Headers.LastModified);
            Assert.Equal("public, max-age=3", first.Headers.CacheControl?.ToString());

            var again = new HttpRequestMessage(HttpMethod.Get, route);
            again.Headers.IfNoneMatch.Add(etag!);
            var notModified = await client.SendAsync(again);
            Assert.True(notModified.StatusCode == HttpStatusCode.NotModified, $"{route}: {(int)notModified.StatusCode}");
            Assert.Equal(etag, notModified.Headers.ETag);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

            var other = new HttpRequestMessage(HttpMethod.Get, route);
            other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
        }
    }

    [Fact]
    public async Task A_status_answer_is_the_json_its_etag_digests_as_the_api_writes_it_sent_from_bytes_computed_once()
    {
        await using var app = await TestApp.StartAsync();
        var client = app.Anonymous();
        foreach (var route in new[] { "/api/v1/crossings", "/api/v1/crossings/torkham", "/api/v1/crossings/torkham/stranded" })
        {
            var answer = await client.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("application/json; charset=utf-8", answer.Content.Headers.ContentType?.ToString());
            var body = await answer.Content.ReadAsByteArrayAsync();
            if (route != "/api/v1/crossings")
            {
                // One crossing's tag is the digest of its bytes (the list's, of its crossings' tags).
                Assert.Equal(Khyber.Api.Crossings.Validators.OfBytes(body), answer.Headers.ETag!.Tag);
            }
            // The bytes are what the API's own JSON settings make of the answer: the same property names and words.
            using var json = System.Text.Json.JsonDocument.Parse(body);
            var crossing = json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Array ? json.RootElement[0] : json.RootElement;
            Assert.True(crossing.TryGetProperty("directions", out _) || crossing.TryGetProperty("crossingId", out _), route);
        }
        var waiting = (await (await client.GetAsync("/api/v1/crossings/torkham")).Json(HttpStatusCode.OK)).GetProperty("directions");
        Assert.Contains(waiting.EnumerateArray(), d => d.GetProperty("state").GetString() is "open" or "closed" or "restricted");
    }

    [Fact]
    public async Task A_304_costs_no_computation_and_a_change_gives_a_new_etag_computed_once()
    {
        await using var app = await TestApp.StartAsync();
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        var client = app.Anonymous();
        var first = await client.GetAsync("/api/v1/crossings/torkham");
        var etag = first.Headers.ETag!;
        var computed = counters.StatusComputations;

        for (var i = 0; i < 20; i++)
        {
            var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/crossings/torkham");
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }
        Assert.Equal(computed, counters.StatusComputations);

        var carrier = await app.As("carrier.demo");
        var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        var afterCheckIn = counters.StatusComputations;

        var readers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/crossings/torkham");
            request.Headers.IfNoneMatch.Add(etag);
            return await client.SendAsync(request);
        }));
        Assert.All(readers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(readers.Select(r => r.Headers.ETag!.Tag).Distinct());
        Assert.NotEqual(etag.Tag, readers[0].Headers.ETag!.Tag);
        Assert.True(counters.StatusComputations - afterCheckIn <= 1, $"{counters.StatusComputations - afterCheckIn} computations for one change");
        Assert.Equal(1, (await readers[0].Json(HttpStatusCode.OK)).GetProperty("directions")[0].GetProperty("waiting").GetInt32());
    }

    [Fact]
    public async Task A_signed_in_reader_is_never_told_to_share_the_answer_with_a_shared_cache()
    {
        await using var app = await TestApp.StartAsync();
        var officer = await app.As("pk.officer.torkham");
        var answer = await officer.GetAsync("/api/v1/crossings/torkham");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl is { Private: true, Public: false, NoCache: true }, answer.Headers.CacheControl?.ToString());
        Assert.NotNull(answer.Headers.ETag);
    }

    [Fact]
    public async Task A_change_committed_by_another_instance_reaches_this_one_within_the_poll_interval()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["Status:PollMilliseconds"] = "250" });
        // The other instance: the same database under another connection string, so it shares nothing in this process.
        var other = TestDatabase.IsPostgres
            ? new NpgsqlConnectionStringBuilder(app.Factory.ConnectionString) { ApplicationName = "khyber-other-instance" }.ToString()
            : new SqliteConnectionStringBuilder(app.Factory.ConnectionString) { Mode = SqliteOpenMode.ReadWrite }.ToString();
        await using var second = new KhyberFactory(other);
        second.Time.SetUtcNow(app.Time.GetUtcNow());
        var before = (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0].GetProperty("waiting").GetInt32();

        var carrier = second.CreateDefaultClient();
        carrier.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(second, "carrier.demo"));
        var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        var committed = Stopwatch.StartNew();

        await Eventually.UntilAsync(
            async () => (await app.Anonymous().GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0].GetProperty("waiting").GetInt32(),
            waiting => waiting == before + 1,
            TimeSpan.FromSeconds(10),
            "the other instance's check-in to show in this one's status",
            TimeSpan.FromMilliseconds(10));
        var seenAfter = committed.Elapsed;
        output.WriteLine($"picked up after {seenAfter.TotalMilliseconds:0} ms ({TestDatabase.Provider}, polling every 250 ms)");
        // The bound: one poll interval, the poll's own read, and one recomputation — with room for a busy shared machine.
        Assert.True(seenAfter < TimeSpan.FromSeconds(2), $"picked up after {seenAfter.TotalMilliseconds:0} ms");
    }

    private static async Task<string> TokenAsync(KhyberFactory factory, string user)
    {
        var response = await factory.CreateClient().Post("/api/v1/auth/token", new { username = user, password = TestDatabase.Password });
        return (await response.Json(HttpStatusCode.OK)).GetProperty("accessToken").GetString()!;
    }

    public static async Task<string> RegisteredTrackingCode(TestApp app)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        await (await carrier.Post($"/api/v1/trucks/{truck.GetProperty("id").GetGuid()}/arrival", null)).Json(HttpStatusCode.OK);
        return truck.GetProperty("trackingCode").GetString()!;
    }
}
