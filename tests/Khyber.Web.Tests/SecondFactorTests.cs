using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;

namespace Khyber.Web.Tests;

/// <summary>The server of these tests requires a second factor of liaisons, as production requires it of liaisons and administrators.</summary>
public sealed class SecondFactorApp : BrowserApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Auth:SecondFactorRoles"] = "liaison" };
}

/// <summary>
/// A liaison who must have a second factor signs in to the enrolment page only, enrols an authenticator app by its QR
/// code (a wrong code refused beside the form), is shown the recovery codes once, and from then on signs in with a
/// code on the login page's second step; an administrator resets it from the users page.
/// </summary>
public sealed class SecondFactorTests(SecondFactorApp app) : IClassFixture<SecondFactorApp>
{
    private const string Liaison = "pk.liaison";

    private string CodeAt(string secret, TimeSpan offset = default) =>
        new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(app.Factory.Time.GetUtcNow().Add(offset).UtcDateTime);

    private Task<Khyber.Storage.KhyberUser> Stored() => app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == Liaison));

    [Fact]
    public async Task A_liaison_enrols_by_QR_code_then_signs_in_with_a_code_and_an_administrator_resets_it()
    {
        // The password alone reaches only the enrolment page.
        var page = await app.OpenAsync(BrowserApp.Phone);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync(Liaison);
        await page.GetByLabel("Password").FillAsync(app.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/second-factor", StringComparison.Ordinal));
        Assert.True(await page.Locator("#enrolment-required").IsVisibleAsync());
        await page.GotoAsync("/liaison");
        Assert.Contains("/account/second-factor", page.Url, StringComparison.Ordinal);

        // Begun: the QR code as an image and the secret as text.
        await page.GetByRole(AriaRole.Button, new() { Name = "Enrol an authenticator app" }).SendAsync();
        Assert.StartsWith("data:image/png;base64,", await page.Locator("#qr-code").GetAttributeAsync("src"), StringComparison.Ordinal);
        var secret = (await page.Locator("#secret").TextContentAsync())!.Trim();
        Assert.Equal(secret, (await Stored()).TotpSecret);
        Assert.False(await BrowserApp.OverflowsAsync(page), await BrowserApp.OverflowingAsync(page));

        // A wrong code is refused beside the form; the enrolment stays pending.
        await page.GetByLabel("The 6-digit code the app shows").FillAsync(CodeAt(secret, TimeSpan.FromMinutes(10)));
        var refused = await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).SendAsync();
        Assert.Equal(422, refused.Status);
        Assert.Contains("Not done:", await page.Locator("#confirm-form").RefusalInAsync());
        Assert.Null((await Stored()).SecondFactorEnrolledAt);

        // The right code enrols it: the recovery codes, shown once; the session now reaches the liaison's pages.
        await page.GetByLabel("The 6-digit code the app shows").FillAsync(CodeAt(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).SendAsync();
        Assert.Equal(10, await page.Locator("#recovery-codes li").CountAsync());
        var stored = await Stored();
        Assert.NotNull(stored.SecondFactorEnrolledAt);
        Assert.Equal(10, stored.RecoveryCodeHashes!.Split(' ').Length);
        await page.GotoAsync("/liaison");
        Assert.Contains("/liaison", page.Url, StringComparison.Ordinal);
        await page.GotoAsync("/account/second-factor");
        Assert.Equal(0, await page.Locator("#recovery-codes").CountAsync());

        // Another browser: the password, then the code on the second step (a wrong one refused there first).
        app.Factory.Time.Advance(TimeSpan.FromSeconds(30));
        var desk = await app.OpenAsync();
        await desk.GotoAsync("/account/login");
        await desk.GetByLabel("Username").FillAsync(Liaison);
        await desk.GetByLabel("Password").FillAsync(app.Password);
        await desk.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        var code = desk.GetByLabel("Code from your authenticator app (or a recovery code)");
        await code.FillAsync(CodeAt(secret, TimeSpan.FromMinutes(10)));
        var wrong = await desk.Locator("#code-form").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        Assert.Equal(401, wrong.Status);
        Assert.Equal("Wrong or already used code.", (await desk.Locator("#login-error").TextContentAsync())!.Trim());
        Assert.Equal(1, (await Stored()).AccessFailedCount);
        await code.FillAsync(CodeAt(secret));
        await desk.Locator("#code-form").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await desk.WaitForURLAsync(url => url.Contains("/liaison", StringComparison.Ordinal));
        Assert.Equal(0, (await Stored()).AccessFailedCount);

        // An administrator resets it from the users page: the liaison's sessions end, and the enrolment starts again.
        var admin = await app.LogInAsync("admin");
        await admin.GotoAsync("/admin/users");
        await admin.Locator($"form[action*='ResetSecondFactor']:has(input[value='{Liaison}']) button").SendAsync();
        Assert.StartsWith("Second factor reset", await admin.DoneMessageAsync(), StringComparison.Ordinal);
        Assert.Null((await Stored()).TotpSecret);
        await desk.GotoAsync("/liaison");
        Assert.Contains("/account/login", desk.Url, StringComparison.Ordinal);
    }
}
