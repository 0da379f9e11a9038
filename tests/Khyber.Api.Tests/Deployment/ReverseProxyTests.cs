using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Khyber.Api.Tests.Deployment;

/// <summary>
/// Behind a reverse proxy that ends HTTPS, the client's address and scheme are read from the forwarded headers — but
/// only when the request comes from a proxy the operator named; from anyone else the headers are ignored.
/// </summary>
public sealed class ReverseProxyTests
{
    /// <summary>The real server on a loopback port (forwarded headers are judged by the connection's address).</summary>
    private static async Task<(KhyberFactory Factory, HttpClient Client)> StartAsync(Dictionary<string, string> settings)
    {
        settings["urls"] = "http://127.0.0.1:0";
        settings["RateLimits:SignInPerAddressPerMinute"] = "2";
        var factory = new KhyberFactory(await TestDatabase.CreateAsync(), settings: settings);
        factory.UseKestrel();
        factory.StartServer();
        var url = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (factory, new HttpClient { BaseAddress = new Uri(url) });
    }

    private static Task<HttpResponseMessage> SignInFrom(HttpClient client, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/token")
        {
            Content = new StringContent($$"""{"username":"pk.liaison","password":"{{TestDatabase.Password}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return client.SendAsync(request);
    }

    private static async Task<string> FeedSelfLink(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/crossings/torkham/feed.atom");
        request.Headers.Add("X-Forwarded-Proto", "https");
        var atom = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        return System.Xml.Linq.XDocument.Parse(atom).Descendants().First(e => e.Name.LocalName == "link").Attribute("href")!.Value;
    }

    [Fact]
    public async Task Behind_a_named_proxy_each_client_address_has_its_own_sign_in_budget_and_the_scheme_is_https()
    {
        var (factory, client) = await StartAsync(new() { ["ReverseProxy:KnownProxies:0"] = "127.0.0.1" });
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInFrom(client, "203.0.113.7")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SignInFrom(client, "203.0.113.7")).StatusCode);
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInFrom(client, "203.0.113.7")).StatusCode);
            // Another client behind the same proxy is not held back by the first.
            Assert.Equal(HttpStatusCode.OK, (await SignInFrom(client, "198.51.100.20")).StatusCode);
            Assert.StartsWith("https://", await FeedSelfLink(client), StringComparison.Ordinal);
        }
        finally
        {
            await factory.DisposeAsync();
            await TestDatabase.DropAsync(factory.ConnectionString);
        }
    }

    [Fact]
    public async Task Without_a_named_proxy_forwarded_headers_are_ignored_so_a_caller_cannot_pick_its_own_address()
    {
        var (factory, client) = await StartAsync([]);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInFrom(client, "203.0.113.7")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SignInFrom(client, "203.0.113.8")).StatusCode);
            // A third "address" is still the same caller: the forwarded header bought nothing.
            Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInFrom(client, "203.0.113.9")).StatusCode);
            Assert.StartsWith("http://127.0.0.1", await FeedSelfLink(client), StringComparison.Ordinal);
        }
        finally
        {
            await factory.DisposeAsync();
            await TestDatabase.DropAsync(factory.ConnectionString);
        }
    }
}
