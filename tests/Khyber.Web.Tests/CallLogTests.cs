using Khyber.Domain.Queue;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// A queue that explains itself: the officer's call is logged with its rules; the carrier reads which trucks went ahead of
/// his and why, and checks them in the public call log, which anyone reads — on a phone, and in Pashto.
/// </summary>
public sealed class CallLogTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task<string> ArriveAsync(HttpClient carrier, string plate, string category)
    {
        var truck = ApiClient.Truck(plate);
        var body = System.Text.Json.JsonSerializer.SerializeToNode(truck)!;
        body["cargo"]!["category"] = category;
        var id = (await carrier.CreateAsync("/api/v1/trucks", body)).GetProperty("id").GetString()!;
        var arrival = await carrier.PostAsync($"/api/v1/trucks/{id}/arrival", null);
        Assert.True(arrival.IsSuccessStatusCode, $"arrival of {plate}: {(int)arrival.StatusCode}");
        return id;
    }

    [Fact]
    public async Task The_carrier_sees_who_was_called_ahead_of_his_truck_and_why_and_finds_them_in_the_public_call_log()
    {
        await ArriveAsync(await app.ApiAsAsync("carrier.demo"), "PES-7001", "general");
        var other = await app.ApiAsAsync("carrier2.demo");
        await ArriveAsync(other, "KBL-1291", "humanitarian");
        await ArriveAsync(other, "KBL-1292", "humanitarian");

        // The officer calls two through his console: the two humanitarian trucks, ahead of the carrier's.
        var officer = await app.LogInAsync("pk.officer.torkham");
        await officer.Locator("#call-form").GetByLabel("How many").FillAsync("2");
        await officer.Locator("#call-form").GetByRole(AriaRole.Button, new() { Name = "Call forward" }).ClickAsync();
        await officer.Locator("p.done").GetByText("Trucks called forward.").WaitForAsync();
        var stored = await app.Db(db => db.CallRecords.AsNoTracking().Include(c => c.Trucks).SingleAsync());
        Assert.Equal(1, stored.Number);
        Assert.Equal("pk.officer.torkham", stored.CalledBy);
        Assert.Equal([("KBL1291", CallRule.Humanitarian), ("KBL1292", CallRule.Humanitarian)], stored.Trucks.OrderBy(t => t.Position).Select(t => (t.Plate, t.Rule)).ToArray());

        var carrier = await app.LogInAsync("carrier.demo");
        var why = carrier.Locator("li.truck[data-plate='PES7001'] .called-ahead");
        Assert.Equal("2", await why.GetAttributeAsync("data-total"));
        Assert.Contains("Since you checked in, 2 trucks were called ahead of you:", await why.InnerTextAsync());
        Assert.Equal("Check them in the public call log: call 1, your queue number 1.", (await why.GetByRole(AriaRole.Link).InnerTextAsync()).Trim());
        Assert.Equal("2 humanitarian", (await why.Locator("li[data-rule='humanitarian']").InnerTextAsync()).Trim());
        Assert.Equal(1, await why.Locator("li").CountAsync());
        await BrowserApp.ScreenshotAsync(carrier, "carrier-called-ahead");

        await why.GetByRole(AriaRole.Link).ClickAsync();
        await carrier.WaitForURLAsync("**/calls/torkham/PK-AF#calls-heading");
        var rows = carrier.Locator("article.call[data-call='1'] tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal(["••••291", "••••292"], await carrier.Locator("article.call[data-call='1'] td.plate").AllInnerTextsAsync());
        Assert.Equal(["Humanitarian", "Humanitarian"], await carrier.Locator("article.call[data-call='1'] td.rule").AllInnerTextsAsync());
        Assert.DoesNotContain("KBL1291", await carrier.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anyone_reaches_the_call_log_from_the_status_board_and_reads_it_on_a_phone_and_in_pashto()
    {
        var page = await app.OpenAsync(BrowserApp.Phone);
        await page.GotoAsync("/");
        await page.Locator("#status-torkham article[data-direction='PK-AF']").GetByRole(AriaRole.Link, new() { Name = "Call log: who was called, and why" }).ClickAsync();
        await page.WaitForURLAsync("**/calls/torkham/PK-AF");
        Assert.Contains("Calls forward at Torkham", await page.Locator("h1").InnerTextAsync());
        await page.Locator("#rules summary").ClickAsync();
        Assert.Contains("Humanitarian cargo goes first.", await page.Locator("#rules").InnerTextAsync());
        Assert.False(await BrowserApp.OverflowsAsync(page));
        await BrowserApp.ScreenshotAsync(page, "call-log-phone");

        await page.GotoAsync("/calls/torkham/PK-AF?culture=ps");
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Contains("رابلل", await page.Locator("h1").InnerTextAsync());
        Assert.False(await BrowserApp.OverflowsAsync(page));

        var missing = await page.GotoAsync("/calls/torkham/XX-YY");
        Assert.Equal(404, missing!.Status);
    }
}
