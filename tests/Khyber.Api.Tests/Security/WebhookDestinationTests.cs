using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Khyber.Api.Notifications;
using Khyber.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Khyber.Api.Tests.Security;

/// <summary>
/// Webhooks are not a way into the server's own network: every class of address outside the internet is refused at
/// subscription, a name that turns into the loopback between subscription and delivery is refused at delivery, no
/// redirect is followed, and a delivery record says no more than "refused" or "failed" and why.
/// </summary>
public sealed class WebhookDestinationTests
{
    private const string Secret = "security-shared-secret-2026";

    /// <summary>The only host the administrator allows in these tests: a receiver inside the network, by name.</summary>
    private const string Internal = "receiver.internal";

    /// <summary>A resolver whose answers the test sets, and may change between subscription and delivery.</summary>
    private sealed class Names : IHostResolver
    {
        public ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase)
        {
            ["localhost"] = [IPAddress.Loopback, IPAddress.IPv6Loopback],
            [Internal] = [IPAddress.Loopback],
        };

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
            Answers.TryGetValue(host.TrimEnd('.'), out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
    }

    private static async Task<(TestApp App, Names Names)> Start(string requireHttps = "false")
    {
        var names = new Names();
        var app = await TestApp.StartAsync(
            settings: new Dictionary<string, string> { ["Webhooks:AllowedHosts"] = Internal, ["Webhooks:RequireHttps"] = requireHttps },
            services: s => s.RemoveAll<IHostResolver>().AddSingleton<IHostResolver>(names));
        return (app, names);
    }

    private static Task<HttpResponseMessage> Subscribe(HttpClient client, string url) =>
        client.Post("/api/v1/webhooks", new { url, events = new[] { "notice" }, secret = Secret });

    private static async Task IssueNotice(TestApp app) =>
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);

    /// <summary>Waits for the subscription's one delivery to have an attempt, and returns the delivery.</summary>
    private static async Task<JsonElement> FirstAttempt(HttpClient client, string subscription) =>
        (await Eventually.UntilAsync(
            () => client.GetJson($"/api/v1/webhooks/{subscription}/deliveries"),
            d => d.GetArrayLength() == 1 && d[0].GetProperty("attemptLog").GetArrayLength() >= 1,
            TimeSpan.FromSeconds(60),
            "the delivery to be attempted"))[0];

    [Theory]
    [InlineData("http://127.0.0.1:9/hook", "loopback")]
    [InlineData("http://[::1]:9/hook", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:9/hook", "loopback")]
    [InlineData("http://localhost:9/hook", "loopback")]
    [InlineData("http://LOCALHOST./hook", "loopback")]
    [InlineData("http://2130706433/hook", "loopback")]
    [InlineData("http://0x7f.1/hook", "loopback")]
    [InlineData("http://127.1:9/hook", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://[fe80::1]/hook", "link-local")]
    [InlineData("http://10.1.2.3/hook", "private network")]
    [InlineData("http://172.16.0.1/hook", "private network")]
    [InlineData("http://192.168.0.1/hook", "private network")]
    [InlineData("http://[::ffff:192.168.0.1]/hook", "private network")]
    [InlineData("http://100.64.0.1/hook", "carrier-grade NAT")]
    [InlineData("http://[fc00::1]/hook", "unique-local")]
    [InlineData("http://[fd12:3456::1]/hook", "unique-local")]
    [InlineData("http://0.0.0.0:9/hook", "unspecified")]
    [InlineData("http://[::]:9/hook", "unspecified")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://[ff02::1]/hook", "multicast")]
    [InlineData("http://255.255.255.255/hook", "broadcast")]
    [InlineData("http://two-faced.example/hook", "private network")]
    [InlineData("http://nowhere.example/hook", "could not be resolved")]
    public async Task Every_address_outside_the_internet_is_refused_at_subscription_naming_the_class_not_the_address(string url, string reason)
    {
        var (app, names) = await Start();
        await using var _ = app;
        names.Answers["two-faced.example"] = [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("10.9.8.7")];
        var pk = await app.As("pk.liaison");

        var problem = await (await Subscribe(pk, url)).Problem(HttpStatusCode.UnprocessableEntity, "url");

        var message = problem.GetProperty("errors").GetProperty("url").ToString();
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.9.8.7", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, (await pk.GetJson("/api/v1/webhooks")).GetArrayLength());
    }

    [Fact]
    public async Task Https_is_required_when_configured_and_a_public_address_is_accepted()
    {
        var (app, names) = await Start(requireHttps: "true");
        await using var _ = app;
        names.Answers["hooks.example"] = [IPAddress.Parse("8.8.8.8")];
        var pk = await app.As("pk.liaison");

        var problem = await (await Subscribe(pk, "http://hooks.example/khyber")).Problem(HttpStatusCode.UnprocessableEntity, "url");
        Assert.Contains("https", problem.GetProperty("errors").GetProperty("url").ToString(), StringComparison.Ordinal);
        await (await Subscribe(pk, "https://hooks.example/khyber")).Json(HttpStatusCode.Created);
        await (await Subscribe(pk, "https://[2606:4700:4700::1111]/khyber")).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_name_that_resolves_to_the_loopback_at_delivery_time_is_refused_there_and_nothing_reaches_it()
    {
        var (app, names) = await Start();
        await using var _ = app;
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var pk = await app.As("pk.liaison");
        names.Answers["rebind.example"] = [IPAddress.Parse("8.8.8.8")];
        var subscription = (await (await Subscribe(pk, $"http://rebind.example:{receiver.Port}/hooks/khyber")).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        // The name's owner points it at the server's own loopback once the check at subscription has passed.
        names.Answers["rebind.example"] = [IPAddress.Loopback];
        await IssueNotice(app);

        var delivery = await FirstAttempt(pk, subscription);
        var attempt = delivery.GetProperty("attemptLog")[0];
        Assert.Equal("refused: loopback-address", attempt.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.Equal("refused: loopback-address", delivery.GetProperty("lastError").GetString());
        Assert.Equal("pending", delivery.GetProperty("status").GetString());
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_host_the_administrator_allows_is_delivered_to_even_inside_the_network()
    {
        var (app, _) = await Start();
        await using var __ = app;
        await using var receiver = new WebhookReceiver(Secret);
        await receiver.StartAsync();
        var pk = await app.As("pk.liaison");
        var subscription = (await (await Subscribe(pk, $"http://{Internal}:{receiver.Port}/hooks/khyber")).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await IssueNotice(app);

        await Eventually.UntilAsync(() => !receiver.Received.IsEmpty, TimeSpan.FromSeconds(15), "the notice to reach the allowed receiver");
        Assert.True(Assert.Single(receiver.Received).SignatureValid);
        var delivery = await FirstAttempt(pk, subscription);
        Assert.Equal("delivered", delivery.GetProperty("status").GetString());
        Assert.Equal(200, delivery.GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task A_redirect_is_not_followed_and_failures_are_recorded_by_category_only()
    {
        var (app, _) = await Start();
        await using var __ = app;
        await using var redirecting = new WebhookReceiver(Secret);
        await using var target = new WebhookReceiver(Secret);
        await using var failing = new WebhookReceiver(Secret) { FailNext = 1000 };
        await Task.WhenAll(redirecting.StartAsync(), target.StartAsync(), failing.StartAsync());
        // The redirect points at the loopback itself, where the check would refuse to go: a follower would reach it.
        redirecting.RedirectTo = target.Url;
        var pk = await app.As("pk.liaison");
        var redirected = (await (await Subscribe(pk, $"http://{Internal}:{redirecting.Port}/hooks/khyber")).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var failed = (await (await Subscribe(pk, $"http://{Internal}:{failing.Port}/hooks/khyber")).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var closed = (await (await Subscribe(pk, $"http://{Internal}:9/hooks/khyber")).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;

        await IssueNotice(app);

        foreach (var (subscription, category) in new[] { (redirected, "failed: redirect"), (failed, "failed: http-status"), (closed, "failed: connection") })
        {
            var delivery = await FirstAttempt(pk, subscription);
            var attempt = delivery.GetProperty("attemptLog")[0];
            Assert.Equal(category, attempt.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
            Assert.Equal(category, delivery.GetProperty("lastError").GetString());
        }
        Assert.Empty(target.Received);
        Assert.Empty(redirecting.Received);
    }
}
