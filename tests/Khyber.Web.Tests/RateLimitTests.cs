using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// A carrier's registrations are counted once, whichever door they come through: the portal's form and
/// <c>POST /api/v1/trucks</c> draw on one budget per user a minute.
/// </summary>
public sealed partial class RegistrationRateLimitTests(RegistrationLimitApp app) : IClassFixture<RegistrationLimitApp>
{
    [GeneratedRegex("slow down|try again", RegexOptions.IgnoreCase)]
    private static partial Regex SlowDown();

    [Fact]
    public async Task Registrations_through_the_portal_and_the_API_share_one_budget_and_the_next_is_refused_at_either_door()
    {
        var api = await app.ApiAsAsync("carrier.demo");
        var carrier = await app.LogInAsync("carrier.demo");
        foreach (var plate in new[] { "RL-1001", "RL-1002" })
        {
            await CarrierPortal.FillRegistrationAsync(carrier, plate);
            await CarrierPortal.RegisterButton(carrier).SendAsync();
            Assert.StartsWith("Truck registered.", await carrier.DoneMessageAsync());
        }
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/trucks", ApiClient.Truck("RL-1003"))).StatusCode);

        // The fourth, through the portal: refused beside the form, with a word to slow down; what was typed is kept.
        await CarrierPortal.FillRegistrationAsync(carrier, "RL-1004");
        await CarrierPortal.RegisterButton(carrier).SendAsync();
        var form = carrier.Locator("#register-form");
        var refusal = await form.RefusalInAsync();
        Assert.True(refusal is not null,
            $"the fourth registration in the minute was not refused by the portal (it said: {await carrier.DoneMessageAsync() ?? "nothing"})");
        Assert.Matches(SlowDown(), refusal);
        Assert.Null(await carrier.DoneMessageAsync());
        Assert.Equal("RL-1004", await form.GetByLabel("Plate").InputValueAsync());

        // And through the API: 429, with when to try again.
        var refused = await api.PostAsJsonAsync("/api/v1/trucks", ApiClient.Truck("RL-1005"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));

        var stored = await app.Db(db => db.Trucks.Where(t => t.Plate.StartsWith("RL")).Select(t => t.Plate).ToListAsync());
        Assert.Equal(new[] { "RL1001", "RL1002", "RL1003" }, stored.Order().ToArray());
    }
}

/// <summary>
/// Sign-ins from one address are counted once, whichever door they come through: the login page and
/// <c>POST /api/v1/auth/token</c> draw on one budget per address a minute.
/// </summary>
public sealed partial class SignInRateLimitTests(SignInLimitApp app) : IClassFixture<SignInLimitApp>
{
    [GeneratedRegex("slow down|try again", RegexOptions.IgnoreCase)]
    private static partial Regex SlowDown();

    [Fact]
    public async Task Sign_ins_through_the_login_page_and_the_API_share_one_budget_per_address_and_the_next_is_refused_at_either_door()
    {
        // Three sign-ins from 127.0.0.1: two through the page, one through the API.
        await app.LogInAsync("carrier.demo");
        await app.LogInAsync("pk.liaison");
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.RequestTokenAsync("af.liaison", app.Password)).StatusCode);

        // The fourth, through the page: refused on the page, and not signed in.
        var page = await app.OpenAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(app.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        Assert.True(page.Url.StartsWith(app.BaseUrl + "/account/login", StringComparison.Ordinal),
            $"the fourth sign-in in the minute was let through by the login page (now at {page.Url})");
        var refusal = await page.Locator("main form").RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Matches(SlowDown(), refusal);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "khyber.session");
        Assert.Equal("admin", await page.GetByLabel("Username").InputValueAsync());

        // And through the API: 429, with when to try again.
        var refused = await client.RequestTokenAsync("pk.officer.torkham", app.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
