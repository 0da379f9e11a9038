using Khyber.Api.Tests.Support;
using Khyber.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Khyber.Web.Tests.Support;

/// <summary>
/// The real server on a free 127.0.0.1 port over its own fresh database, and Debian's Chromium driving it.
/// One per test class; each test opens its own browser contexts (separate cookies, like separate people).
/// </summary>
public class BrowserApp : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    public static readonly (int Width, int Height) Desktop = (1280, 900);
    public static readonly (int Width, int Height) Phone = (360, 740);

    private IPlaywright? _playwright;

    public KhyberFactory Factory { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>With the demo story (closures, queues, history), for pages worth looking at; otherwise crossings and users only.</summary>
    protected virtual bool Story => false;

    public string Password => Story ? Khyber.Api.Demo.DemoSeeder.DefaultPassword : TestDatabase.Password;

    /// <summary>Server settings a fixture adds to the usual ones (a rate limit, for instance); none by default.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Events:PollMilliseconds"] = "50",
        };
        string connection;
        if (Story)
        {
            connection = await TestDatabase.CreateEmptyAsync();
            settings["Demo:Enabled"] = "true";
            settings["Demo:HistoryDays"] = "7";
            settings["Demo:Password"] = Khyber.Api.Demo.DemoSeeder.DefaultPassword;
        }
        else
        {
            connection = await TestDatabase.CreateAsync();
        }
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        Factory = new KhyberFactory(connection, runClock: false, settings);
        Factory.UseKestrel();
        Factory.StartServer();
        BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));

        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, with nothing of its own reaching out to the network.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Chromium,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>A new browser context (its own cookies) on <paramref name="baseUrl"/> and a page in it.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, (int Width, int Height) size, string locale, float timeout)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height },
            Locale = locale,
        });
        context.SetDefaultTimeout(timeout);
        return await context.NewPageAsync();
    }

    /// <summary>A new person at a new browser: its own cookies, a viewport, English unless asked otherwise.</summary>
    public Task<IPage> OpenAsync((int Width, int Height)? size = null, string locale = "en-GB") =>
        NewPageAsync(Browser, BaseUrl, size ?? Desktop, locale, 15_000);

    /// <summary>Signs in through the login page, as a person would.</summary>
    public async Task<IPage> LogInAsync(string user, (int Width, int Height)? size = null)
    {
        var page = await OpenAsync(size);
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Reads what is stored, in a scope of its own, as the server's own database context sees it.</summary>
    public async Task<T> Db<T>(Func<KhyberDb, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<KhyberDb>());
    }

    /// <summary>Saves the page as it looks to artifacts/screenshots/NAME.png (whole page).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    /// <summary>artifacts/screenshots at the repository root (git-ignored).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Khyber.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    /// <summary>Whether the page is wider than its viewport (a horizontal scroll bar).</summary>
    public static Task<bool> OverflowsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");

    /// <summary>The innermost elements reaching past either edge of the viewport, to say in a failure what overflows.</summary>
    public static Task<string> OverflowingAsync(IPage page) =>
        page.EvaluateAsync<string>("""
            () => {
              const w = document.documentElement.clientWidth;
              const out = [...document.querySelectorAll('body *')].filter(e => {
                const r = e.getBoundingClientRect();
                return r.width > 0 && (r.right > w + 1 || r.left < -1) && ![...e.children].some(c => { const b = c.getBoundingClientRect(); return b.right > w + 1 || b.left < -1; });
              });
              return out.slice(0, 5).map(e => `<${e.tagName.toLowerCase()} class="${e.className}"> ${Math.round(e.getBoundingClientRect().right)}px: ${(e.textContent || '').trim().slice(0, 60)}`).join('; ');
            }
            """);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await Factory.DisposeAsync();
        await TestDatabase.DropAsync(Factory.ConnectionString);
    }
}

/// <summary>The same, over the demo story: a closed Torkham, queues, history.</summary>
public sealed class StoryApp : BrowserApp
{
    protected override bool Story => true;
}

/// <summary>Crossings and users, with three truck registrations per carrier user a minute.</summary>
public sealed class RegistrationLimitApp : BrowserApp
{
    public const int PerMinute = 3;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimits:RegistrationsPerUserPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Crossings and users, with three sign-ins per address a minute (and no practical limit per user).</summary>
public sealed class SignInLimitApp : BrowserApp
{
    public const int PerMinute = 3;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimits:SignInPerAddressPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits:SignInPerUserPerMinute"] = "100000",
    };
}
