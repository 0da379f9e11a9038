using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// Every answer carries nosniff, a referrer policy and a content security policy that forbids framing and inline
/// script — pages, API JSON, problems, static files, the feed — and HSTS when the request came over HTTPS.
/// </summary>
public sealed class SecurityHeadersTests
{
    private const string JsonPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static void AssertHeaders(HttpResponseMessage response, string? policy = null)
    {
        var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff), $"{what}: no X-Content-Type-Options");
        Assert.Equal("nosniff", Assert.Single(nosniff));
        Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer), $"{what}: no Referrer-Policy");
        Assert.Equal("same-origin", Assert.Single(referrer));
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
        var value = Assert.Single(csp);
        Assert.Contains("frame-ancestors 'none'", value, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", value, StringComparison.Ordinal);
        if (policy is not null)
        {
            Assert.Equal(policy, value);
        }
        // Plain http: no HSTS, which a browser would ignore anyway and must not learn from an unproven scheme.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), $"{what}: HSTS over plain http");
    }

    [Fact]
    public async Task A_page_an_api_answer_problems_a_static_file_and_the_feed_carry_the_headers()
    {
        await using var app = await TestApp.StartAsync();
        var anonymous = app.Anonymous();
        var carrier = await app.As("carrier.demo");

        var page = await anonymous.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        AssertHeaders(page);
        // The pages keep their own policy: their own stylesheet and script, nothing inline.
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);

        var json = await carrier.GetAsync("/api/v1/crossings");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        AssertHeaders(json, JsonPolicy);

        var invalid = await carrier.Post("/api/v1/trucks", new { crossingId = "torkham" });
        await invalid.Problem(HttpStatusCode.UnprocessableEntity);
        AssertHeaders(invalid, JsonPolicy);

        var unknown = await carrier.GetAsync("/api/v1/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertHeaders(unknown, JsonPolicy);

        var unauthorized = await anonymous.GetAsync("/api/v1/trucks");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        AssertHeaders(unauthorized, JsonPolicy);

        var forbidden = await carrier.Post("/api/v1/crossings/torkham/notices", new { });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        AssertHeaders(forbidden, JsonPolicy);

        var stylesheet = await anonymous.GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        AssertHeaders(stylesheet, JsonPolicy);

        var feed = await anonymous.GetAsync("/api/v1/crossings/torkham/feed.atom");
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        AssertHeaders(feed, JsonPolicy);
    }

    [Fact]
    public async Task A_fault_answered_by_the_exception_handler_keeps_the_headers()
    {
        await using var app = await TestApp.StartAsync();
        // A table gone from under the server: reading notices fails, and the exception handler answers 500.
        await app.Db(db => db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Notices\" RENAME TO \"NoticesGone\""));

        var fault = await app.Anonymous().GetAsync("/api/v1/notices?crossing=torkham");

        await fault.Problem(HttpStatusCode.InternalServerError);
        AssertHeaders(fault, JsonPolicy);
    }

    [Fact]
    public async Task The_api_reference_keeps_its_hash_based_policy()
    {
        await using var app = await TestApp.StartAsync();
        var reference = await app.Anonymous().GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        var policy = reference.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' 'sha256-", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", reference.Headers.GetValues("X-Content-Type-Options").Single());
    }

    /// <summary>The real server on a loopback port, as in the reverse proxy tests: forwarded headers are judged by the connection's address.</summary>
    private static async Task<(KhyberFactory Factory, HttpClient Client)> StartAsync(Dictionary<string, string> settings)
    {
        settings["urls"] = "http://127.0.0.1:0";
        var factory = new KhyberFactory(await TestDatabase.CreateAsync(), settings: settings);
        factory.UseKestrel();
        factory.StartServer();
        var url = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (factory, new HttpClient { BaseAddress = new Uri(url) });
    }

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string? forwardedProto)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Hsts_is_sent_when_a_named_proxy_says_the_request_came_over_https_and_not_over_plain_http()
    {
        var (factory, client) = await StartAsync(new() { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1" });
        try
        {
            foreach (var path in new[] { "/api/v1/crossings", "/account/login", "/api/v1/no-such-thing", "/css/site.css" })
            {
                var secure = await Get(client, path, "https");
                Assert.Equal("max-age=31536000", secure.Headers.GetValues("Strict-Transport-Security").Single());
                Assert.Equal("nosniff", secure.Headers.GetValues("X-Content-Type-Options").Single());

                Assert.False((await Get(client, path, null)).Headers.Contains("Strict-Transport-Security"), path);
                Assert.False((await Get(client, path, "http")).Headers.Contains("Strict-Transport-Security"), path);
            }
        }
        finally
        {
            await factory.DisposeAsync();
            await TestDatabase.DropAsync(factory.ConnectionString);
        }
    }

    [Fact]
    public async Task Without_a_named_proxy_a_claimed_https_earns_no_hsts()
    {
        var (factory, client) = await StartAsync([]);
        try
        {
            var response = await Get(client, "/api/v1/crossings", "https");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Strict-Transport-Security"));
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        finally
        {
            await factory.DisposeAsync();
            await TestDatabase.DropAsync(factory.ConnectionString);
        }
    }
}
