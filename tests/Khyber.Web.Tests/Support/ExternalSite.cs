using Microsoft.Playwright;

namespace Khyber.Web.Tests.Support;

/// <summary>
/// The pages of a server running elsewhere (a published server in its own process), as <see cref="BrowserApp"/> offers
/// those of the in-process one: each person a browser context of their own, signing in through the login page. The
/// <see cref="Forms"/> helpers work on its pages unchanged. Closes every context it opened when disposed.
/// </summary>
public sealed class ExternalSite(IBrowser browser, string baseUrl) : IAsyncDisposable
{
    /// <summary>Generous: the server hashes passwords at production strength, on a machine other tests share.</summary>
    public const float Timeout = 90_000;

    private readonly List<IBrowserContext> _contexts = [];

    public string BaseUrl => baseUrl;

    /// <summary>A new person at a new browser: its own cookies, a viewport, English.</summary>
    public async Task<IPage> OpenAsync((int Width, int Height)? size = null)
    {
        var page = await BrowserApp.NewPageAsync(browser, baseUrl, size ?? BrowserApp.Desktop, "en-GB", Timeout);
        _contexts.Add(page.Context);
        return page;
    }

    /// <summary>Signs in through the login page and waits for the page it leads to.</summary>
    public async Task<IPage> LogInAsync(string user, string password)
    {
        var page = await OpenAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        Assert.DoesNotContain("/account/login", page.Url);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }
}
