using Khyber.Domain.Trucks;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>The liaison's charts over the demo story: the crossing selector (a GET form) switches every chart to another crossing.</summary>
public sealed class ChartTests(StoryApp app) : IClassFixture<StoryApp>
{
    private const string AllChartsLoaded = "() => [...document.querySelectorAll('img.chart')].every(i => i.complete && i.naturalWidth > 0)";

    [Fact]
    public async Task The_crossing_selector_switches_the_charts_the_table_and_the_forecast_to_another_crossing()
    {
        var names = await app.Db(db => db.Crossings.ToDictionaryAsync(c => c.Id, c => c.Name));
        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison/charts");
        var selector = page.Locator("#crossing-form");
        Assert.Equal("torkham", await selector.GetByLabel("Crossing").InputValueAsync());
        Assert.Contains($"Stranded trucks at {names["torkham"]}", await page.Locator("img.chart").First.GetAttributeAsync("alt"));

        await selector.GetByLabel("Crossing").SelectOptionAsync("chaman");
        await selector.GetByRole(AriaRole.Button, new() { Name = "Show" }).SendAsync();

        // A plain GET: the choice is in the address, so it can be bookmarked and reloaded.
        Assert.Equal(app.BaseUrl + "/liaison/charts?crossing=chaman", page.Url);
        Assert.Equal("chaman", await selector.GetByLabel("Crossing").InputValueAsync());

        // Both charts are of Chaman now, say so in their text alternative, and load.
        var stranded = page.GetByRole(AriaRole.Img, new() { Name = $"Stranded trucks at {names["chaman"]}", Exact = false });
        var crossed = page.GetByRole(AriaRole.Img, new() { Name = $"Trucks that left through the gate of {names["chaman"]} per day.", Exact = true });
        foreach (var chart in new[] { stranded, crossed })
        {
            Assert.Contains("crossing=chaman", await chart.GetAttributeAsync("src"));
        }
        await page.WaitForFunctionAsync(AllChartsLoaded);
        var svg = await page.Context.APIRequest.GetAsync((await stranded.GetAttributeAsync("src"))!);
        Assert.Equal("image/svg+xml; charset=utf-8", svg.Headers["content-type"]);
        Assert.Contains(names["chaman"], await svg.TextAsync());
        Assert.DoesNotContain(names["torkham"], await svg.TextAsync());

        var crossedSvg = await page.Context.APIRequest.GetAsync((await crossed.GetAttributeAsync("src"))!);
        Assert.Contains(names["chaman"], await crossedSvg.TextAsync());

        // A forecast run from here is of Chaman too.
        Assert.Equal("chaman", await page.Locator("#forecast-form input[name='forecast.Crossing']").InputValueAsync());
        await BrowserApp.ScreenshotAsync(page, "liaison-charts-chaman-en-desktop");
    }

    [Fact]
    public async Task The_trucks_crossed_table_counts_every_truck_that_left_through_the_gate_on_each_day_of_the_week()
    {
        var page = await app.LogInAsync("af.liaison");
        await page.GotoAsync("/liaison/charts?crossing=chaman");
        var today = DateOnly.FromDateTime(Khyber.Api.Tests.Support.KhyberFactory.Start.UtcDateTime);
        var exited = await app.Db(db => db.Trucks.AsNoTracking()
            .Where(t => t.CrossingId == "chaman" && (t.Status == TruckStatus.Exited || t.Status == TruckStatus.Entered) && t.ExitedAt != null)
            .Select(t => t.ExitedAt!.Value).ToListAsync());
        var perDay = exited.GroupBy(at => DateOnly.FromDateTime(at.UtcDateTime)).ToDictionary(g => g.Key, g => g.Count());
        var expected = Enumerable.Range(0, 8).Select(i => perDay.GetValueOrDefault(today.AddDays(i - 7))).ToList();
        Assert.True(expected.Sum() > 0, "the demo story has trucks crossing at Chaman");

        var shown = await page.Locator("table").Filter(new() { HasText = "Crossed" }).Locator("tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(expected, shown.Select(c => int.Parse(c.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture)).ToList());
    }
}
