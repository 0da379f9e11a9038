using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Khyber.Api.Tests.Caching;

/// <summary>
/// What one call forward costs the server when many open pages watch the event stream and redraw as live.js does: at
/// most one status computation, and one render of each region — however many watchers.
/// </summary>
public sealed class LiveWatchersTests
{
    private const int Watchers = 100;

    [Fact]
    public async Task One_call_event_with_many_watchers_costs_at_most_one_status_computation_and_one_render_per_region()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 3; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }
        // The pages were opened before the call: the board's fragment is rendered and kept.
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/live/status/torkham")).StatusCode);
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();

        var connected = 0;
        var allConnected = new TaskCompletionSource();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watchers = Enumerable.Range(0, Watchers).Select(_ => WatchAsync(app.Anonymous(), () =>
        {
            if (Interlocked.Increment(ref connected) == Watchers)
            {
                allConnected.SetResult();
            }
        }, stop.Token)).ToList();
        await allConnected.Task.WaitAsync(stop.Token);
        var computed = counters.StatusComputations;
        var statusRenders = counters.RegionRenders("status");
        var callRenders = counters.RegionRenders("call");

        var officer = await app.As("pk.officer.torkham");
        await (await officer.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 2 })).Json(HttpStatusCode.OK);
        var redrawn = await Task.WhenAll(watchers);

        Assert.All(redrawn, r =>
        {
            Assert.Equal(2, r.Call.GetProperty("trucks").GetArrayLength());
            Assert.Contains("data-call=\"1\"", r.CallHtml, StringComparison.Ordinal);
            Assert.Contains("id=\"status-torkham\"", r.StatusHtml, StringComparison.Ordinal);
        });
        Assert.Single(redrawn.Select(r => r.StatusHtml).Distinct());
        Assert.True(counters.StatusComputations - computed <= 1, $"{counters.StatusComputations - computed} status computations");
        Assert.True(counters.RegionRenders("status") - statusRenders <= 1, $"{counters.RegionRenders("status") - statusRenders} renders of the crossing");
        Assert.True(counters.RegionRenders("call") - callRenders <= 1, $"{counters.RegionRenders("call") - callRenders} renders of the call");
    }

    private sealed record Redrawn(JsonElement Call, string StatusHtml, string CallHtml);

    /// <summary>One open page: waits for the status event of a call, then fetches its two regions' fragments, as live.js does.</summary>
    private static async Task<Redrawn> WatchAsync(HttpClient client, Action connected, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        string? type = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith(": connected", StringComparison.Ordinal))
            {
                connected();
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "status")
            {
                var envelope = JsonDocument.Parse(line[6..]).RootElement.Clone();
                if (envelope.GetProperty("data").TryGetProperty("call", out var call) && call.ValueKind == JsonValueKind.Object)
                {
                    var number = call.GetProperty("number").GetInt64();
                    var crossing = envelope.GetProperty("crossingId").GetString();
                    var status = await client.GetStringAsync($"/live/status/{crossing}", ct);
                    var html = await client.GetStringAsync($"/live/calls/{crossing}/{call.GetProperty("direction").GetString()}/{number}", ct);
                    return new Redrawn(call, status, html);
                }
            }
        }
        throw new InvalidOperationException("The event stream ended before the call's status event.");
    }
}
