using Khyber.Web.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>Each role signs in through the login page and lands on its own page; the API keeps its bearer tokens.</summary>
public sealed class RoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData("carrier.demo", "/carrier", "Carrier portal")]
    [InlineData("pk.officer.torkham", "/officer", "Officer console: Torkham")]
    [InlineData("af.officer.chaman", "/officer", "Officer console: Chaman")]
    [InlineData("af.liaison", "/liaison", "Liaison desk: Afghanistan")]
    [InlineData("admin", "/admin", "Administration")]
    public async Task Each_role_logs_in_and_sees_its_own_page(string user, string path, string heading)
    {
        var page = await app.LogInAsync(user);
        Assert.Equal(app.BaseUrl + path, page.Url.Split('?')[0]);
        Assert.StartsWith(heading, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains(user, await page.Locator(".account .who").InnerTextAsync());

        await page.Locator(".account").GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
        Assert.Equal(1, await page.Locator(".account a[href='/account/login']").CountAsync());
    }

    [Fact]
    public async Task The_log_out_page_asks_first_and_its_form_ends_the_session()
    {
        var page = await app.LogInAsync("af.officer.chaman");
        await page.GotoAsync("/account/logout");
        Assert.Equal("Log out", (await page.Locator("h1").InnerTextAsync()).Trim());
        // Opening the page alone signs no one out.
        Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "khyber.session");
        Assert.Contains("Log out of Khyber on this device?", await page.Locator("main form").InnerTextAsync());

        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log out" }).SendAsync();
        Assert.Equal(app.BaseUrl + "/", page.Url);
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "khyber.session");
        await page.GotoAsync("/officer");
        Assert.Contains("/account/login?ReturnUrl=%2Fofficer", page.Url);
    }

    [Fact]
    public async Task Another_roles_page_is_refused_and_a_signed_out_visitor_is_sent_to_log_in()
    {
        var carrier = await app.LogInAsync("carrier.demo");
        await carrier.GotoAsync("/officer");
        Assert.Contains("/account/denied", carrier.Url);
        Assert.Equal("Not for this account", (await carrier.Locator("h1").InnerTextAsync()).Trim());

        var visitor = await app.OpenAsync();
        await visitor.GotoAsync("/liaison");
        Assert.Contains("/account/login?ReturnUrl=%2Fliaison", visitor.Url);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_page()
    {
        var page = await app.OpenAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync("pk.liaison");
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        Assert.Equal("Unknown username or wrong password.", (await page.Locator("#login-error").InnerTextAsync()).Trim());
        Assert.Contains("/account/login", page.Url);
    }

    [Fact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_and_the_API_still_wants_a_bearer_token()
    {
        var page = await app.LogInAsync("pk.liaison");
        var cookies = await page.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "khyber.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal(-1, session.Expires); // a session cookie: gone with the browser

        // The API ignores the page cookie: a 401 problem, not a redirect to the login page.
        var response = await page.Context.APIRequest.GetAsync("/api/v1/auth/me", new() { MaxRedirects = 0 });
        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers["content-type"]);
    }

    [Fact]
    public async Task A_form_post_without_its_antiforgery_token_is_refused()
    {
        var page = await app.LogInAsync("pk.officer.torkham");
        var response = await page.Context.APIRequest.PostAsync("/officer?handler=Call", new() { Form = FormOf(page.Context.APIRequest, ("count", "1")), MaxRedirects = 0 });
        Assert.Equal(400, response.Status);
        // The page's own form carries the token.
        Assert.Equal(1, await page.Locator("#call-form input[name='__RequestVerificationToken']").CountAsync());
    }

    private static IFormData FormOf(IAPIRequestContext request, params (string Name, string Value)[] fields)
    {
        var form = request.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return form;
    }
}
