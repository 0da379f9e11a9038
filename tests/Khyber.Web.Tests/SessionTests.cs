using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// A user's sessions page: every browser signed in as them, one ended from another browser, or all of them ended at
/// once ("sign out everywhere") — and what each browser sees afterwards, and what is stored.
/// </summary>
public sealed class SessionTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private Task<List<(Guid Family, string? Why)>> Sessions(string user) => app.Db(async db =>
    {
        var id = await db.Users.Where(u => u.UserName == user).Select(u => u.Id).SingleAsync();
        return (await db.Sessions.AsNoTracking().Where(s => s.UserId == id && s.RotatedAt == null).ToListAsync()).Select(s => (s.Family, s.RevokedWhy)).ToList();
    });

    [Fact]
    public async Task A_user_ends_the_session_of_another_browser_which_is_sent_to_log_in_at_its_next_click()
    {
        var laptop = await app.LogInAsync("pk.officer.chaman");
        var phone = await app.LogInAsync("pk.officer.chaman", BrowserApp.Phone);
        await phone.GotoAsync("/account/sessions");
        Assert.False(await BrowserApp.OverflowsAsync(phone), await BrowserApp.OverflowingAsync(phone));
        var listed = phone.Locator("#sessions > li");
        Assert.Equal(2, await listed.CountAsync());
        var mine = phone.Locator("#sessions > li", new() { Has = phone.Locator("#this-browser") });
        Assert.Equal(1, await mine.CountAsync());
        Assert.Equal(0, await mine.GetByRole(AriaRole.Button, new() { Name = "End this session" }).CountAsync());
        var other = phone.Locator("#sessions > li:not(:has(#this-browser))");
        var otherId = Guid.Parse((await other.GetAttributeAsync("data-session"))!);

        await other.GetByRole(AriaRole.Button, new() { Name = "End this session" }).SendAsync();

        Assert.Equal("Session ended.", await phone.DoneMessageAsync());
        Assert.Equal(1, await phone.Locator("#sessions > li").CountAsync());
        Assert.Equal("ended", Assert.Single(await Sessions("pk.officer.chaman"), s => s.Family == otherId).Why);
        await laptop.GotoAsync("/officer");
        Assert.Contains("/account/login", laptop.Url);
        await phone.GotoAsync("/officer");
        Assert.Contains("/officer", phone.Url);
        Assert.DoesNotContain("/account/login", phone.Url);
    }

    [Fact]
    public async Task Ending_a_session_that_already_ended_is_refused_beside_the_list()
    {
        var desk = await app.LogInAsync("af.officer.chaman");
        var other = await app.LogInAsync("af.officer.chaman");
        await desk.GotoAsync("/account/sessions");
        // The other browser signs out by itself while the list is on the screen.
        await other.Locator(".account").GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await other.WaitForURLAsync(app.BaseUrl + "/");

        var end = desk.Locator("#sessions > li:not(:has(#this-browser))").GetByRole(AriaRole.Button, new() { Name = "End this session" });
        var response = await end.SendAsync();

        Assert.Equal(404, response.Status);
        Assert.Contains("Not done:", await desk.Locator("#sessions-section").RefusalInAsync());
        Assert.Single(await Sessions("af.officer.chaman"), s => s.Why is null);
        Assert.Single(await Sessions("af.officer.chaman"), s => s.Why == "signed-out");
    }

    [Fact]
    public async Task Signing_out_everywhere_ends_every_browser_this_one_included()
    {
        var first = await app.LogInAsync("af.liaison");
        var second = await app.LogInAsync("af.liaison");
        await first.GotoAsync("/account/sessions");

        await first.Locator("#everywhere-form").GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).SendAsync();

        Assert.Contains("/account/login", first.Url);
        Assert.Equal("Signed out everywhere: every session of yours has ended.", (await first.Locator("#signed-out-everywhere").InnerTextAsync()).Trim());
        Assert.All(await Sessions("af.liaison"), s => Assert.Equal("signed-out-everywhere", s.Why));
        await second.GotoAsync("/liaison");
        Assert.Contains("/account/login", second.Url);
        await first.GotoAsync("/liaison");
        Assert.Contains("/account/login", first.Url);
        // Signing in again begins a new session.
        var again = await app.LogInAsync("af.liaison");
        Assert.Contains("/liaison", again.Url);
        Assert.Single(await Sessions("af.liaison"), s => s.Why is null);
    }
}
