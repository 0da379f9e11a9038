using System.Globalization;
using System.Xml.Linq;
using Khyber.Web.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>English, Urdu, Pashto and Dari: chosen from the menu or the URL, remembered, the last three right to left.</summary>
public sealed class LanguageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task Switching_to_Pashto_makes_the_page_right_to_left_and_mirrors_it()
    {
        var page = await app.OpenAsync();
        await page.GotoAsync("/");
        Assert.Equal("ltr", await page.Locator("html").GetAttributeAsync("dir"));
        var width = BrowserApp.Desktop.Width;
        var english = await page.Locator(".brand").BoundingBoxAsync();
        Assert.True(english!.X < width / 2, $"the brand starts on the left in English (x = {english.X})");

        await page.Locator("nav.languages").GetByRole(AriaRole.Link, new() { Name = "پښتو" }).ClickAsync();
        await page.WaitForURLAsync("**/?culture=ps");
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal("ps", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("سرحدي تېرځایونه اوس", (await page.Locator("h1").InnerTextAsync()).Trim());
        var pashto = await page.Locator(".brand").BoundingBoxAsync();
        Assert.True(pashto!.X + pashto.Width > width / 2, $"the brand moves to the right in Pashto (x = {pashto.X})");
        // The state words are translated too, and the layout still fits.
        Assert.Contains("پرانیستی", await page.Locator("#status-torkham .state-line").First.InnerTextAsync());

        // Remembered: a page opened without ?culture is still in Pashto.
        await page.GotoAsync("/account/login");
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal("ننوتل", (await page.Locator("h1").InnerTextAsync()).Trim());
        await BrowserApp.ScreenshotAsync(page, "login-ps-desktop");
    }

    [Theory]
    [InlineData("en", "ltr", "Border crossings now")]
    [InlineData("ur", "rtl", "سرحدی گزرگاہیں اس وقت")]
    [InlineData("ps", "rtl", "سرحدي تېرځایونه اوس")]
    [InlineData("fa-AF", "rtl", "گذرگاه‌های مرزی اکنون")]
    public async Task The_culture_in_the_query_string_selects_the_language(string culture, string dir, string heading)
    {
        var page = await app.OpenAsync();
        await page.GotoAsync($"/?culture={culture}");
        Assert.Equal(culture, await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal(dir, await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal(heading, (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("true", await page.Locator($"nav.languages a[lang='{culture}']").GetAttributeAsync("aria-current"));
        Assert.False(await BrowserApp.OverflowsAsync(page));
    }

    [Fact]
    public void The_machine_knows_the_four_cultures_and_their_writing_direction()
    {
        Assert.False(new CultureInfo("en").TextInfo.IsRightToLeft);
        foreach (var name in new[] { "ur", "ps", "fa-AF" })
        {
            Assert.True(new CultureInfo(name).TextInfo.IsRightToLeft, name);
        }
    }

    [Fact]
    public void Every_language_translates_every_string()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Khyber.Api", "Pages", "Shared");
        static Dictionary<string, string> Read(string file) =>
            XDocument.Load(file).Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var english = Read(Path.Combine(folder, "Text.resx"));
        Assert.True(english.Count > 100);
        foreach (var culture in new[] { "ur", "ps", "fa-AF" })
        {
            var translated = Read(Path.Combine(folder, $"Text.{culture}.resx"));
            Assert.Equal(english.Keys.Order(), translated.Keys.Order());
            Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{culture}: {t.Key}"));
            // A format string keeps its placeholders.
            Assert.All(english.Keys.Where(k => k.Contains('{')), k =>
                Assert.All(System.Text.RegularExpressions.Regex.Matches(k, @"\{\d\}").Select(m => m.Value), p => Assert.Contains(p, translated[k])));
        }
    }
}
