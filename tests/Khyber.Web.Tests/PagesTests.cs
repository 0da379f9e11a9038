using Khyber.Web.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>Every page over the demo story, at desktop and phone width: it fits, works by keyboard, and is saved as a screenshot.</summary>
public sealed class PagesTests(StoryApp app) : IClassFixture<StoryApp>
{
    private static readonly (string User, string Path, string Name)[] Pages =
    [
        ("", "/", "status-board"),
        ("", "/account/login", "login"),
        ("pk.officer.torkham", "/officer", "officer-console"),
        ("pk.liaison", "/liaison", "liaison-desk"),
        ("pk.liaison", "/liaison/register", "liaison-register"),
        ("pk.liaison", "/liaison/charts", "liaison-charts"),
        ("carrier.demo", "/carrier", "carrier-portal"),
        ("admin", "/admin", "admin-overview"),
        ("admin", "/admin/users", "admin-users"),
        ("pk.admin", "/admin/carriers", "admin-carriers"),
        ("af.admin", "/admin/applications", "admin-applications"),
        ("admin", "/account/password", "password"),
        ("", "/apply", "apply"),
    ];

    [Fact]
    public async Task Every_page_fits_a_phone_and_a_desktop_and_is_saved_as_a_screenshot()
    {
        foreach (var (width, label) in new[] { (BrowserApp.Desktop, "desktop"), (BrowserApp.Phone, "phone") })
        {
            foreach (var (user, path, name) in Pages)
            {
                foreach (var culture in new[] { "en", "ps" })
                {
                    var page = user == "" ? await app.OpenAsync(width) : await app.LogInAsync(user, width);
                    await page.GotoAsync($"{path}?culture={culture}");
                    await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                    if (await BrowserApp.OverflowsAsync(page))
                    {
                        Assert.Fail($"{name} ({culture}) scrolls sideways at {width.Width} px: {await BrowserApp.OverflowingAsync(page)}");
                    }
                    await BrowserApp.ScreenshotAsync(page, $"{name}-{culture}-{label}");
                    await page.Context.CloseAsync();
                }
            }
        }
    }

    [Fact]
    public async Task The_status_board_at_360_px_shows_the_story_without_sideways_scrolling()
    {
        var page = await app.OpenAsync(BrowserApp.Phone);
        await page.GotoAsync("/");
        Assert.False(await BrowserApp.OverflowsAsync(page));
        // Torkham is closed by the Afghan side in the story: a word and an icon, not a colour alone.
        var torkham = page.Locator("#status-torkham [data-direction='AF-PK']");
        Assert.Contains("Closed", await torkham.Locator(".state-line").InnerTextAsync());
        Assert.Contains("PKT", await torkham.InnerTextAsync());
        Assert.Contains("AFT", await torkham.InnerTextAsync());
        var box = await torkham.BoundingBoxAsync();
        Assert.True(box!.Width <= BrowserApp.Phone.Width);
    }

    [Fact]
    public async Task The_keyboard_alone_reaches_the_skip_link_and_the_login_form()
    {
        var page = await app.OpenAsync();
        await page.GotoAsync("/account/login");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("username", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("carrier.demo");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(app.Password);
        Assert.Equal("password", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("/carrier", StringComparison.Ordinal));
        // The focused control is outlined.
        await page.Keyboard.PressAsync("Tab");
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
    }

    [Fact]
    public async Task A_liaison_forecasts_a_closure_and_sees_both_policies_and_the_backlog_chart()
    {
        var page = await app.LogInAsync("af.liaison");
        await page.GotoAsync("/liaison/charts?crossing=torkham");
        var form = page.Locator("#forecast-form");
        await form.GetByLabel("Direction").SelectOptionAsync("PK-AF");
        await form.GetByLabel("Closure from now, in hours").FillAsync("48");
        await form.GetByLabel("Look ahead, in hours").FillAsync("120");
        await form.GetByRole(AriaRole.Button, new() { Name = "Run forecast" }).ClickAsync();
        var result = page.Locator("#forecast-result");
        await result.WaitForAsync(new() { Timeout = 60_000 });
        Assert.Equal(2, await result.Locator("tbody tr").CountAsync());
        Assert.Contains("Green lane", await result.InnerTextAsync());
        Assert.Contains("First come, first served", await result.InnerTextAsync());
        var chart = result.Locator("img.chart");
        Assert.StartsWith("data:image/svg+xml;base64,", await chart.GetAttributeAsync("src"));
        Assert.True(await chart.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the chart did not load");
        // The stranded chart is an SVG image served by the page.
        Assert.True(await page.Locator("img.chart").First.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await BrowserApp.ScreenshotAsync(page, "liaison-forecast-en-desktop");
    }
}
