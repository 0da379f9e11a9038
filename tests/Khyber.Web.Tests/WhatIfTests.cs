using Khyber.Web.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>A liaison composes what-if plans beside a forecast and compares them; a plan that changes nothing is refused beside the form.</summary>
public sealed class WhatIfTests(StoryApp app) : IClassFixture<StoryApp>
{
    private static async Task FillPlan(ILocator form, int index, string name, string? label = null, string? value = null)
    {
        var plan = form.Locator($"#plan-{index}");
        await plan.GetByLabel("Name").FillAsync(name);
        if (label is not null)
        {
            await plan.GetByLabel(label).FillAsync(value!);
        }
    }

    [Fact]
    public async Task A_liaison_composes_four_plans_and_sees_them_compared_in_a_table_and_a_chart()
    {
        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison/charts?crossing=ghulam-khan");
        var form = page.Locator("#forecast-form");
        await form.GetByLabel("Direction").SelectOptionAsync("PK-AF");
        await form.GetByLabel("Closure from now, in hours").FillAsync("48");
        await form.GetByLabel("Look ahead, in hours").FillAsync("240");
        await FillPlan(form, 0, "one more lane", "Lanes open", "3");
        await FillPlan(form, 1, "round the clock");
        // By keyboard: the box is reached with Tab and ticked with Space.
        await form.Locator("#plan-1").GetByLabel("Name").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        while (!await page.EvaluateAsync<bool>("() => document.activeElement.type === 'checkbox' && document.activeElement.name.includes('[1]')"))
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await page.Keyboard.PressAsync("Space");
        await FillPlan(form, 2, "perishables first", "Green-lane calls for perishables, %", "90");
        await form.Locator("#plan-2").GetByLabel("Queue policy").SelectOptionAsync("green-lane");
        await FillPlan(form, 3, "reopen after 12 h", "Reopen after, in hours", "12");
        await form.GetByRole(AriaRole.Button, new() { Name = "Run forecast" }).ClickAsync();

        var result = page.Locator("#what-if-result");
        await result.WaitForAsync(new() { Timeout = 120_000 });
        var names = await result.Locator("tbody th").AllInnerTextsAsync();
        Assert.Equal(["As planned", "one more lane", "round the clock", "perishables first", "reopen after 12 h"], names);
        var header = await result.Locator("thead").InnerTextAsync();
        foreach (var column in new[] { "Days to clear from now", "Most trucks waiting", "Perishable trucks spoiled", "Value spoiled (USD)", "Gave up waiting", "Turned away", "Diverted to another crossing" })
        {
            Assert.Contains(column, header);
        }
        var chart = result.Locator("img.chart");
        Assert.StartsWith("data:image/svg+xml;base64,", await chart.GetAttributeAsync("src"));
        Assert.True(await chart.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the chart did not load");
        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((await chart.GetAttributeAsync("src"))!["data:image/svg+xml;base64,".Length..]));
        Assert.All(names.Skip(1), name => Assert.Contains(name, svg));
        // What was typed stays in the form, to change one plan and compare again.
        Assert.Equal("3", await form.Locator("#plan-0").GetByLabel("Lanes open").InputValueAsync());
        Assert.True(await form.Locator("#plan-1").GetByLabel("Open 24 hours").IsCheckedAsync());
        await BrowserApp.ScreenshotAsync(page, "liaison-what-if-en-desktop");
    }

    [Fact]
    public async Task A_plan_that_changes_nothing_is_refused_beside_the_form_with_what_was_typed_kept()
    {
        var page = await app.LogInAsync("af.liaison", BrowserApp.Phone);
        await page.GotoAsync("/liaison/charts?crossing=torkham");
        var form = page.Locator("#forecast-form");
        await FillPlan(form, 0, "five lanes", "Lanes open", "5");
        await FillPlan(form, 1, "same as ever");
        var response = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Run forecast" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(422, response.Status);
        var alert = form.GetByRole(AriaRole.Alert);
        Assert.Contains("alternatives[1]", await alert.InnerTextAsync());
        Assert.Contains("changes nothing", await alert.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#what-if-result").CountAsync());
        Assert.Equal("five lanes", await form.Locator("#plan-0").GetByLabel("Name").InputValueAsync());
        Assert.Equal("5", await form.Locator("#plan-0").GetByLabel("Lanes open").InputValueAsync());
        Assert.Equal("same as ever", await form.Locator("#plan-1").GetByLabel("Name").InputValueAsync());
        // It fits a phone.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways at 360 px");
        await BrowserApp.ScreenshotAsync(page, "liaison-what-if-refused-en-phone");
    }

    [Fact]
    public async Task A_plan_lets_perishables_through_the_closure_and_the_comparison_says_so()
    {
        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison/charts?crossing=ghulam-khan");
        var form = page.Locator("#forecast-form");
        await form.GetByLabel("Closure from now, in hours").FillAsync("48");
        await FillPlan(form, 0, "perishables through");
        var letThrough = form.Locator("#plan-0-let-through");
        await letThrough.GetByLabel("Perishable", new() { Exact = true }).CheckAsync();
        await letThrough.GetByLabel("Humanitarian", new() { Exact = true }).CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Run forecast" }).ClickAsync();

        var table = page.Locator("#what-if-table");
        await table.WaitForAsync(new() { Timeout = 120_000 });
        Assert.Contains("Let through during the closure", await table.Locator("thead").InnerTextAsync());
        var rows = table.Locator("tbody tr");
        Assert.EndsWith("–", (await rows.Nth(0).InnerTextAsync()).Trim());
        Assert.EndsWith("Perishable, Humanitarian", (await rows.Nth(1).InnerTextAsync()).Trim());
        // The ticks stay, to change the plan and compare again.
        Assert.True(await letThrough.GetByLabel("Perishable", new() { Exact = true }).IsCheckedAsync());
        Assert.False(await letThrough.GetByLabel("General", new() { Exact = true }).IsCheckedAsync());

        // With the plan reopening at once there is no closure to let anything through: refused beside the form.
        await form.Locator("#plan-0").GetByLabel("Reopen after, in hours").FillAsync("0");
        var response = await page.RunAndWaitForResponseAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Run forecast" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(422, response.Status);
        var alert = form.GetByRole(AriaRole.Alert);
        Assert.Contains("alternatives[0].letThrough", await alert.InnerTextAsync());
        Assert.True(await form.Locator("#plan-0-let-through").GetByLabel("Humanitarian", new() { Exact = true }).IsCheckedAsync());
    }

    [Fact]
    public async Task The_plans_form_speaks_the_readers_language()
    {
        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison/charts?crossing=torkham&culture=ur");
        Assert.Contains("منصوبے", await page.Locator("#what-if legend").First.InnerTextAsync());
        Assert.Equal("بندش کے دوران گزرنے کی اجازت", await page.Locator("#plan-0-let-through legend").InnerTextAsync());
        await page.GotoAsync("/liaison/charts?crossing=torkham&culture=ps");
        Assert.Contains("پلانونه", await page.Locator("#what-if legend").First.InnerTextAsync());
        await page.GotoAsync("/liaison/charts?crossing=torkham&culture=fa-AF");
        Assert.Contains("برنامه‌ها", await page.Locator("#what-if legend").First.InnerTextAsync());
        await page.GotoAsync("/liaison/charts?crossing=torkham&culture=en");
    }
}
