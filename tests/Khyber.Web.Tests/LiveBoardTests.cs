using System.Net;
using System.Net.Http.Json;
using Khyber.Api.Infrastructure;
using Khyber.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// Open pages follow a call forward without reloading: the call log gains the call, the status board's crossing its new
/// queue — each from one small fragment the server renders once, under the pages' CSP (no inline script).
/// </summary>
public sealed class LiveBoardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_call_appears_on_an_open_board_and_call_log_without_reload()
    {
        var carrier = await app.ApiAsAsync("carrier.demo");
        foreach (var plate in new[] { "PES-4101", "PES-4102", "PES-4103" })
        {
            var id = (await carrier.CreateAsync("/api/v1/trucks", ApiClient.Truck(plate))).GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.OK, (await carrier.PostAsync($"/api/v1/trucks/{id}/arrival", null)).StatusCode);
        }

        var board = await app.OpenAsync();
        var log = await app.OpenAsync(BrowserApp.Phone);
        var refused = new List<string>();
        foreach (var page in new[] { board, log })
        {
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    refused.Add(message.Text);
                }
            };
        }
        await board.GotoAsync("/");
        await log.GotoAsync("/calls/torkham/PK-AF");
        const string Waiting = "#status-torkham article[data-direction='PK-AF'] >> xpath=.//dt[normalize-space()='Waiting']/following-sibling::dd[1]";
        var waiting = board.Locator(Waiting);
        Assert.Equal("3 trucks", (await waiting.InnerTextAsync()).Trim());
        Assert.Equal(0, await log.Locator("article.call").CountAsync());
        foreach (var page in new[] { board, log })
        {
            await page.EvaluateAsync("() => window.__sameDocument = true");
            await page.WaitForFunctionAsync("() => document.documentElement.dataset.live === 'connected'");
        }
        var counters = app.Factory.Services.GetRequiredService<WorkCounters>();
        var renders = counters.AllRegionRenders;

        var officer = await app.ApiAsAsync("pk.officer.torkham");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 2 })).StatusCode);

        var call = log.Locator("article.call[data-call='1']");
        await call.WaitForAsync();
        Assert.Equal(["••••101", "••••102"], await call.Locator("td.plate").AllInnerTextsAsync());
        Assert.Equal(0, await log.Locator("#no-calls").CountAsync());
        await board.Locator(Waiting).GetByText("1 trucks", new() { Exact = true }).WaitForAsync();
        Assert.True(await board.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the board reloaded");
        Assert.True(await log.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the call log reloaded");
        Assert.Empty(refused);
        // The two pages cost two renders: the crossing's section and the call, never a whole page.
        Assert.True(counters.AllRegionRenders - renders <= 2, $"{counters.AllRegionRenders - renders} region renders");
        await BrowserApp.ScreenshotAsync(log, "call-log-live");
    }
}
