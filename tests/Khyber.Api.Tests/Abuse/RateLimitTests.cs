using System.Net;
using Khyber.Api.Tests.Support;

namespace Khyber.Api.Tests.Abuse;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Guessing_one_users_password_is_slowed_to_the_limit_then_told_when_to_retry()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["RateLimits:SignInPerUserPerMinute"] = "3" });
        var client = app.Anonymous();
        for (var i = 0; i < 3; i++)
        {
            await (await client.Post("/api/v1/auth/token", new { username = "pk.liaison", password = $"guess-{i}" })).Problem(HttpStatusCode.Unauthorized);
        }

        var refused = await client.Post("/api/v1/auth/token", new { username = "pk.liaison", password = TestDatabase.Password });
        await refused.Problem(HttpStatusCode.TooManyRequests);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);

        // Another user is not held back, and after the minute the right password works again.
        await (await client.Post("/api/v1/auth/token", new { username = "af.liaison", password = TestDatabase.Password })).Json(HttpStatusCode.OK);
        app.Time.Advance(TimeSpan.FromSeconds(61));
        await (await client.Post("/api/v1/auth/token", new { username = "pk.liaison", password = TestDatabase.Password })).Json(HttpStatusCode.OK);
    }

    [Fact]
    public async Task One_address_signing_in_as_many_users_is_limited()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["RateLimits:SignInPerAddressPerMinute"] = "5" });
        var client = app.Anonymous();
        var statuses = new List<HttpStatusCode>();
        foreach (var user in new[] { "pk.liaison", "af.liaison", "admin", "carrier.demo", "carrier2.demo", "pk.officer.torkham", "af.officer.torkham" })
        {
            statuses.Add((await client.Post("/api/v1/auth/token", new { username = user, password = TestDatabase.Password })).StatusCode);
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_carrier_registering_too_fast_gets_429_with_retry_after_and_nothing_is_written()
    {
        await using var app = await TestApp.StartAsync(settings: new Dictionary<string, string> { ["RateLimits:RegistrationsPerUserPerMinute"] = "4" });
        var carrier = await app.As("carrier.demo");
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 6; i++)
        {
            responses.Add(await carrier.Post("/api/v1/trucks", new TruckBuilder().Build()));
        }
        Assert.Equal(4, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(2, refused.Count);
        await refused[0].Problem(HttpStatusCode.TooManyRequests);
        Assert.True(refused[0].Headers.Contains("Retry-After"));
        Assert.Equal(4, await app.Db(db => Task.FromResult(db.Trucks.Count())));

        // The other carrier has its own allowance.
        await (await (await app.As("carrier2.demo")).Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Repeated_failed_sign_ins_lock_the_account_even_for_the_right_password()
    {
        await using var app = await TestApp.StartAsync();
        var client = app.Anonymous();
        for (var i = 0; i < 5; i++)
        {
            await (await client.Post("/api/v1/auth/token", new { username = "af.liaison", password = $"wrong-{i}" })).Problem(HttpStatusCode.Unauthorized);
        }
        var locked = await (await client.Post("/api/v1/auth/token", new { username = "af.liaison", password = TestDatabase.Password })).Problem(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", locked.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_as_too_large_without_being_read()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var huge = new string('x', 200_000);
        var response = await carrier.Post("/api/v1/trucks", $$"""{"crossingId":"torkham","plate":"{{huge}}"}""");
        await response.Problem(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await app.Db(db => Task.FromResult(db.Trucks.Count())));
    }
}
