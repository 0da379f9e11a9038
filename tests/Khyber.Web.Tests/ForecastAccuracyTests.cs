using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>The liaison's charts page shows how the crossing's forecasts compared with what happened, in the reader's language.</summary>
public sealed class ForecastAccuracyTests(StoryApp app) : IClassFixture<StoryApp>
{
    [Fact]
    public async Task A_past_forecast_is_scored_and_a_new_one_waits_for_its_period_in_the_accuracy_table()
    {
        var now = app.Factory.Time.GetUtcNow();
        var made = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero).AddDays(-6);
        // A forecast made six days ago of a day's closure, its two-day period long past: the demo's stranded series scores it.
        var id = await app.Db(async db =>
        {
            var record = new StoredForecastBuilder(made).At("chaman").Stranded(321, p10: 300, p90: 345).HoursToClear(30).Build();
            db.ForecastRecords.Add(record);
            db.Acting("pk.liaison", "PK", "RunForecast", $"forecastrecord/{record.Id}");
            await db.SaveChangesAsync();
            return record.Id;
        });
        var actual = await app.Db(db => db.StrandedSnapshots.AsNoTracking()
            .Where(s => s.CrossingId == "chaman" && s.Direction == Direction.PkToAf && s.At <= made.AddHours(24))
            .OrderByDescending(s => s.At).Select(s => s.Trucks).FirstAsync());

        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison/charts?crossing=chaman");
        var table = page.Locator("#accuracy-table");
        var row = table.Locator("tbody tr").First;
        Assert.Contains("Scored", await row.InnerTextAsync());
        Assert.Contains("321 (300–345)", await row.InnerTextAsync());
        Assert.Equal(actual.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-GB")), (await row.Locator("td").Nth(4).InnerTextAsync()).Trim());
        Assert.Contains("Scored: 1 of 1; 0 still pending.", await page.Locator("#accuracy-summary").InnerTextAsync());

        // A forecast run from the form is kept, and waits for its period to pass.
        var form = page.Locator("#forecast-form");
        await form.GetByLabel("Closure from now, in hours").FillAsync("12");
        await form.GetByLabel("Look ahead, in hours").FillAsync("48");
        await form.GetByRole(AriaRole.Button, new() { Name = "Run forecast" }).ClickAsync();
        await page.Locator("#forecast-result").WaitForAsync(new() { Timeout = 120_000 });
        Assert.Contains("Scored: 1 of 2; 1 still pending.", await page.Locator("#accuracy-summary").InnerTextAsync());
        Assert.Contains("Pending", await table.Locator("tbody tr").First.InnerTextAsync());
        Assert.Equal(2, await app.Db(db => db.ForecastRecords.CountAsync(r => r.CrossingId == "chaman")));
        Assert.NotEqual(Guid.Empty, id);

        // At 360 px the table stacks and nothing scrolls sideways.
        var phone = await app.LogInAsync("pk.liaison", BrowserApp.Phone);
        await phone.GotoAsync("/liaison/charts?crossing=chaman");
        Assert.False(await BrowserApp.OverflowsAsync(phone), await BrowserApp.OverflowingAsync(phone));
        await BrowserApp.ScreenshotAsync(phone, "liaison-forecast-accuracy-en-phone");
    }

    [Theory]
    [InlineData("ur", "پیش گوئی کی درستی")]
    [InlineData("ps", "د وړاندوینې سموالی")]
    [InlineData("fa-AF", "دقت پیش‌بینی")]
    [InlineData("en", "Forecast accuracy")]
    public async Task The_accuracy_table_speaks_the_readers_language(string culture, string heading)
    {
        var page = await app.LogInAsync("af.liaison");
        await page.GotoAsync($"/liaison/charts?crossing=torkham&culture={culture}");
        Assert.Equal(heading, (await page.Locator("#accuracy-heading").InnerTextAsync()).Trim());
        await page.GotoAsync("/liaison/charts?crossing=torkham&culture=en");
    }
}
