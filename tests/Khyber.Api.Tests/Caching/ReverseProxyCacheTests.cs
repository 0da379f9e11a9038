using System.Net;
using Khyber.Api.Infrastructure;
using Khyber.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Caching;

/// <summary>
/// Debian's nginx with <c>proxy_cache</c> in front of a Khyber server, configured as docs/deploy.md says: a thousand
/// readers of the status at once cost the server at most one status computation per change.
/// </summary>
public sealed class ReverseProxyCacheTests(ITestOutputHelper output)
{
    private const int Readers = 1000;

    [Fact]
    public async Task A_thousand_readers_behind_nginx_cost_at_most_one_status_computation_per_change()
    {
        Assert.True(NginxCache.Installed, "Debian's nginx is needed (./test.sh installs it).");
        var port = KannelGateway.FreePort();
        await using var app = await TestApp.StartListeningAsync(port, new Dictionary<string, string> { ["Caching:PublicMaxAgeSeconds"] = "1" });
        await using var nginx = new NginxCache();
        await nginx.StartAsync(app.BaseUrl!);
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        using var readers = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Readers }) { BaseAddress = nginx.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        var carrier = await app.As("carrier.demo");

        var waiting = await ReadAllAsync(readers, counters, "before any change");
        Assert.Equal(0, waiting);
        for (var change = 1; change <= 2; change++)
        {
            var before = counters.StatusComputations;
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            // The cached answer may be served for its max-age (1 s): wait until nginx has the new one.
            var seen = await Eventually.UntilAsync(
                async () => (await readers.GetJson("/api/v1/crossings/torkham")).GetProperty("directions")[0].GetProperty("waiting").GetInt32(),
                w => w == change,
                TimeSpan.FromSeconds(15),
                $"nginx to serve the status after check-in {change}",
                TimeSpan.FromMilliseconds(100));
            Assert.Equal(change, await ReadAllAsync(readers, counters, $"after check-in {change}"));
            Assert.Equal(change, seen);
            // The check-in's own answer, nginx's revalidation and the thousand readers: one computation in all.
            var computed = counters.StatusComputations - before;
            output.WriteLine($"check-in {change}: {computed} computation(s) from the change to the last reader");
            Assert.True(computed <= 1, $"check-in {change}: {computed} status computations");
        }
        Assert.DoesNotContain("[emerg]", nginx.Log(), StringComparison.Ordinal);
    }

    /// <summary>A thousand readers at once; the status they saw, asserting the server computed it at most once meanwhile.</summary>
    private async Task<int> ReadAllAsync(HttpClient readers, WorkCounters counters, string when)
    {
        var before = counters.StatusComputations;
        var answers = await Task.WhenAll(Enumerable.Range(0, Readers).Select(_ => readers.GetAsync("/api/v1/crossings/torkham")));
        var computed = counters.StatusComputations - before;
        var byCache = answers.GroupBy(a => a.Headers.TryGetValues("X-Cache-Status", out var v) ? v.First() : "-").ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{when}: {computed} computation(s) for {Readers} readers; nginx: {string.Join(", ", byCache.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.True(computed <= 1, $"{when}: {computed} status computations for {Readers} readers");
        var seen = await Task.WhenAll(answers.Select(async a => (await a.Json(HttpStatusCode.OK)).GetProperty("directions")[0].GetProperty("waiting").GetInt32()));
        return seen.Max();
    }
}
