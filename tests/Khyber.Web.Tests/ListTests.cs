using Khyber.Web.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>A long list on a page shows its first page and a "More" link to the rest: nothing is cut off silently.</summary>
public sealed class ListTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_carrier_with_more_trucks_than_a_page_reaches_every_one_through_the_more_link()
    {
        var api = await app.ApiAsAsync("carrier2.demo");
        var plates = new List<string>();
        for (var i = 0; i < 53; i++)
        {
            var plate = $"KBL{7000 + i}";
            await api.CreateAsync("/api/v1/trucks", ApiClient.Truck(plate, i % 2 == 0 ? "torkham" : "chaman"));
            plates.Add(plate);
        }

        var page = await app.LogInAsync("carrier2.demo");
        var trucks = page.Locator("#my-trucks li.truck");
        Assert.Equal(50, await trucks.CountAsync());
        var seen = new HashSet<string>();
        foreach (var truck in await trucks.AllAsync())
        {
            seen.Add((await truck.GetAttributeAsync("data-plate"))!);
        }

        await page.Locator("#my-trucks").GetByRole(AriaRole.Link, new() { Name = "More" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("after=", StringComparison.Ordinal));
        Assert.Equal(3, await trucks.CountAsync());
        foreach (var truck in await trucks.AllAsync())
        {
            Assert.True(seen.Add((await truck.GetAttributeAsync("data-plate"))!), "a truck shown on both pages");
        }
        Assert.Equal(plates.Order(), seen.Order());
        Assert.Equal(0, await page.Locator("#my-trucks").GetByRole(AriaRole.Link, new() { Name = "More" }).CountAsync());

        await page.Locator("#my-trucks").GetByRole(AriaRole.Link, new() { Name = "Back to the first page" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("after=", StringComparison.Ordinal));
        Assert.Equal(50, await trucks.CountAsync());
    }
}
