using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// A real HTTP receiver on a loopback port, as another side's system would run: it can be down (not
/// listening), failing (503) or up, and it checks every signature and records every event id it gets.
/// </summary>
public sealed class WebhookReceiver(string secret) : IAsyncDisposable
{
    private WebApplication? _app;

    public int Port { get; } = FreePort();

    public string Url => $"http://127.0.0.1:{Port}/hooks/khyber";

    /// <summary>While positive, requests are answered 503 and this counts down.</summary>
    public int FailNext { get; set; }

    /// <summary>When set, every request is answered 307 to this URL (a redirect the sender must not follow).</summary>
    public string? RedirectTo { get; set; }

    public ConcurrentQueue<(string EventId, string Type, string Body, bool SignatureValid)> Received { get; } = new();

    public IEnumerable<string> DistinctEventIds => Received.Select(r => r.EventId).Distinct();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/hooks/khyber", async (HttpContext http) =>
        {
            if (RedirectTo is { } target)
            {
                return Results.Redirect(target, permanent: false, preserveMethod: true);
            }
            if (FailNext > 0)
            {
                FailNext--;
                return Results.StatusCode(503);
            }
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
            var valid = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(http.Request.Headers["X-Khyber-Signature"].ToString()));
            Received.Enqueue((http.Request.Headers["X-Khyber-Event-Id"].ToString(), http.Request.Headers["X-Khyber-Event"].ToString(), body, valid));
            return Results.Ok();
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
