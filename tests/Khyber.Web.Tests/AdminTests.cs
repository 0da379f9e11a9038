using System.Net;
using Khyber.Domain.Access;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// The administration pages (<c>/admin/users</c>): an account opened with its one-time password shown once, the new
/// user's forced change of password, disable and enable (the user's page session ends at once), unlock, reset, and an
/// administrator of one side held to its side — each form checked for what the page shows and what is stored.
/// </summary>
public sealed class AdminTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string NewPassword = "Landi-Kotal-42";

    private static ILocator Row(IPage page, string username) => page.Locator($"li[data-user='{username}']");

    private Task<Khyber.Storage.KhyberUser> StoredAsync(string username) =>
        app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == username));

    private static async Task<string> OneTimePasswordAsync(IPage page) => (await page.Locator("#one-time code.password").InnerTextAsync()).Trim();

    /// <summary>Signs in with a one-time password, is sent to choose a new one, and does.</summary>
    private async Task<IPage> FirstSignInAsync(string username, string oneTime)
    {
        var page = await app.OpenAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(oneTime);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        Assert.Contains("/account/password?required=true", page.Url);
        Assert.Contains("must be changed before you sign in", await page.Locator("#password-required").InnerTextAsync());
        var form = page.Locator("#password-form");
        Assert.Equal(username, await form.GetByLabel("Username").InputValueAsync());
        await form.GetByLabel("Password you were given").FillAsync(oneTime);
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync(NewPassword);
        await form.GetByLabel("New password, once more").FillAsync(NewPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).SendAsync();
        return page;
    }

    [Fact]
    public async Task An_administrator_opens_an_officer_account_whose_one_time_password_is_shown_once_and_changed_at_the_first_sign_in()
    {
        var admin = await app.LogInAsync("admin");
        Assert.Equal(app.BaseUrl + "/admin", admin.Url);
        await admin.GotoAsync("/admin/users");
        var form = admin.Locator("#create-user-form");
        await form.GetByLabel("Username").FillAsync("pk.officer.landikotal");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Inspector Shah Wali Afridi");
        await form.GetByLabel("Role").SelectOptionAsync("officer");
        await form.GetByLabel("Side").SelectOptionAsync("PK");
        await form.GetByLabel("Crossing (officers)").SelectOptionAsync("torkham");
        var response = await form.GetByRole(AriaRole.Button, new() { Name = "Open account" }).SendAsync();

        Assert.Contains("no-store", response.Headers["cache-control"]);
        Assert.Contains("Account opened.", await admin.Locator("#one-time").InnerTextAsync());
        var oneTime = await OneTimePasswordAsync(admin);
        Assert.Matches("^[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}$", oneTime);
        var row = Row(admin, "pk.officer.landikotal");
        Assert.Contains("Must choose a new password", await row.InnerTextAsync());
        await BrowserApp.ScreenshotAsync(admin, "admin-user-opened-en-desktop");
        var stored = await StoredAsync("pk.officer.landikotal");
        Assert.Equal((Role.Officer, Khyber.Domain.Side.PK, "torkham", "Inspector Shah Wali Afridi", true), (stored.Role, stored.Side, stored.CrossingId, stored.DisplayName, stored.PasswordChangeRequired));

        // Shown once: the page read again does not have it.
        await admin.GotoAsync("/admin/users");
        Assert.Equal(0, await admin.Locator("#one-time").CountAsync());
        Assert.DoesNotContain(oneTime, await admin.ContentAsync());

        var officer = await FirstSignInAsync("pk.officer.landikotal", oneTime);
        Assert.Equal(app.BaseUrl + "/officer", officer.Url);
        Assert.Equal("Password changed.", await officer.DoneMessageAsync());
        Assert.False((await StoredAsync("pk.officer.landikotal")).PasswordChangeRequired);
    }

    [Fact]
    public async Task A_carrier_account_without_a_company_is_refused_beside_the_form_with_what_was_typed_kept()
    {
        var admin = await app.LogInAsync("admin");
        await admin.GotoAsync("/admin/users");
        var form = admin.Locator("#create-user-form");
        await form.GetByLabel("Username").FillAsync("night.dispatch");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Night dispatch desk");
        await form.GetByLabel("Role").SelectOptionAsync("carrier");
        await form.GetByLabel("Side").SelectOptionAsync("");
        var response = await form.GetByRole(AriaRole.Button, new() { Name = "Open account" }).SendAsync();

        Assert.Equal(422, response.Status);
        var refusal = await form.RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("carrierId: A carrier account belongs to one company", refusal);
        Assert.Equal(0, await admin.Locator("#one-time").CountAsync());
        Assert.Equal("night.dispatch", await form.GetByLabel("Username").InputValueAsync());
        Assert.Equal("carrier", await form.GetByLabel("Role").InputValueAsync());
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "night.dispatch")));
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_page_session_at_once_and_enabling_lets_it_sign_in_again()
    {
        var officer = await app.LogInAsync("af.officer.ghulam-khan");
        Assert.Equal(app.BaseUrl + "/officer", officer.Url);

        var admin = await app.LogInAsync("admin");
        await admin.GotoAsync("/admin/users");
        await Row(admin, "af.officer.ghulam-khan").GetByRole(AriaRole.Button, new() { Name = "Disable" }).SendAsync();
        Assert.Equal("Account disabled: its sessions have ended.", await admin.DoneMessageAsync());
        Assert.Contains("Disabled", await Row(admin, "af.officer.ghulam-khan").Locator(".badges").InnerTextAsync());
        Assert.NotNull((await StoredAsync("af.officer.ghulam-khan")).DisabledAt);

        // The officer's very next request is refused: back to the login page.
        await officer.ReloadAsync();
        Assert.Contains("/account/login", officer.Url);
        await officer.GetByLabel("Username").FillAsync("af.officer.ghulam-khan");
        await officer.GetByLabel("Password").FillAsync(app.Password);
        await officer.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        Assert.Equal("This account is disabled: ask an administrator.", (await officer.Locator("#login-error").InnerTextAsync()).Trim());

        await admin.GotoAsync("/admin/users");
        await Row(admin, "af.officer.ghulam-khan").GetByRole(AriaRole.Button, new() { Name = "Enable" }).SendAsync();
        Assert.Equal("Account enabled.", await admin.DoneMessageAsync());
        Assert.Null((await StoredAsync("af.officer.ghulam-khan")).DisabledAt);
        var again = await app.LogInAsync("af.officer.ghulam-khan");
        Assert.Equal(app.BaseUrl + "/officer", again.Url);
    }

    [Fact]
    public async Task Unlocking_ends_a_lockout_and_a_reset_shows_a_one_time_password()
    {
        var api = app.Client();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.RequestTokenAsync("pk.officer.kharlachi", "Not-the-password-1")).StatusCode);
        }
        var admin = await app.LogInAsync("admin");
        await admin.GotoAsync("/admin/users");
        var row = Row(admin, "pk.officer.kharlachi");
        Assert.Contains("Locked out", await row.InnerTextAsync());
        await row.GetByRole(AriaRole.Button, new() { Name = "Unlock" }).SendAsync();
        Assert.Equal("Account unlocked.", await admin.DoneMessageAsync());
        Assert.DoesNotContain("Locked out", await Row(admin, "pk.officer.kharlachi").InnerTextAsync());
        Assert.Null((await StoredAsync("pk.officer.kharlachi")).LockoutEnd);
        Assert.Equal(HttpStatusCode.OK, (await api.RequestTokenAsync("pk.officer.kharlachi", app.Password)).StatusCode);

        await Row(admin, "pk.officer.kharlachi").GetByRole(AriaRole.Button, new() { Name = "Reset password" }).SendAsync();
        Assert.Contains("Password reset", await admin.Locator("#one-time").InnerTextAsync());
        var oneTime = await OneTimePasswordAsync(admin);
        Assert.True((await StoredAsync("pk.officer.kharlachi")).PasswordChangeRequired);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RequestTokenAsync("pk.officer.kharlachi", app.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.RequestTokenAsync("pk.officer.kharlachi", oneTime)).StatusCode);
    }

    [Fact]
    public async Task An_administrator_of_one_side_sees_the_other_sides_accounts_without_actions_and_is_refused_theirs()
    {
        var admin = await app.LogInAsync("pk.admin");
        await admin.GotoAsync("/admin/users");
        Assert.Contains("You administer Pakistan's side", await admin.Locator(".lead").InnerTextAsync());
        var other = Row(admin, "af.officer.torkham");
        Assert.Contains("Managed by the administrators of the other side.", await other.InnerTextAsync());
        Assert.Equal(0, await other.GetByRole(AriaRole.Button).CountAsync());
        Assert.True(await Row(admin, "carrier2.demo").GetByRole(AriaRole.Button, new() { Name = "Reset password" }).IsVisibleAsync());

        var form = admin.Locator("#create-user-form");
        Assert.Equal("PK", await form.GetByLabel("Side").InputValueAsync());
        await form.GetByLabel("Username").FillAsync("af.officer.new");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Afghan officer");
        await form.GetByLabel("Side").SelectOptionAsync("AF");
        await form.GetByLabel("Crossing (officers)").SelectOptionAsync("chaman");
        var response = await form.GetByRole(AriaRole.Button, new() { Name = "Open account" }).SendAsync();
        Assert.Equal(403, response.Status);
        Assert.Contains("You may not do this.", await form.RefusalInAsync());
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "af.officer.new")));
    }

    [Fact]
    public async Task The_account_form_works_by_keyboard_alone_in_Pashto_at_phone_width()
    {
        var admin = await app.LogInAsync("admin", BrowserApp.Phone);
        await admin.GotoAsync("/admin/users?culture=ps");
        Assert.Equal("rtl", await admin.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal("کاروونکي", (await admin.Locator("h1").InnerTextAsync()).Trim());
        Assert.False(await BrowserApp.OverflowsAsync(admin));
        await BrowserApp.ScreenshotAsync(admin, "admin-users-ps-phone");

        await admin.Locator("#user-username").FocusAsync();
        await admin.Keyboard.TypeAsync("af.liaison.deputy");
        await admin.Keyboard.PressAsync("Tab");
        Assert.Equal("user-display", await admin.EvaluateAsync<string>("() => document.activeElement.id"));
        await admin.Keyboard.TypeAsync("د اړیکو مرستیال");
        await admin.Keyboard.PressAsync("Tab");
        Assert.Equal("user-role", await admin.EvaluateAsync<string>("() => document.activeElement.id"));
        await admin.Keyboard.PressAsync("ArrowDown"); // officer → liaison
        Assert.Equal("liaison", await admin.Locator("#user-role").InputValueAsync());
        await admin.Keyboard.PressAsync("Tab");
        Assert.Equal("user-side", await admin.EvaluateAsync<string>("() => document.activeElement.id"));
        await admin.Keyboard.PressAsync("End"); // none, PK, AF → AF
        Assert.Equal("AF", await admin.Locator("#user-side").InputValueAsync());
        await admin.Keyboard.PressAsync("Tab");
        await admin.Keyboard.PressAsync("Tab");
        await admin.Keyboard.PressAsync("Tab");
        Assert.Equal("BUTTON", await admin.EvaluateAsync<string>("() => document.activeElement.tagName"));
        Assert.NotEqual("none", await admin.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
#pragma warning disable CS0612
        await admin.RunAndWaitForNavigationAsync(() => admin.Keyboard.PressAsync("Enter"));
#pragma warning restore CS0612

        Assert.NotNull(await OneTimePasswordAsync(admin));
        var stored = await StoredAsync("af.liaison.deputy");
        Assert.Equal((Role.Liaison, Khyber.Domain.Side.AF, null, "د اړیکو مرستیال"), (stored.Role, stored.Side, stored.CrossingId, stored.DisplayName));
        Assert.False(await BrowserApp.OverflowsAsync(admin));
    }
}
