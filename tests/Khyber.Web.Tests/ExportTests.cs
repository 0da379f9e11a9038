using System.Net;
using System.Net.Http.Json;
using Khyber.Domain.Trucks;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>A liaison downloads the day's crossed trucks from the desk's export form and finds the truck that crossed; a bad range is refused beside the form.</summary>
public sealed class ExportTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task Ok(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public async Task A_liaison_exports_the_days_crossed_trucks_and_finds_the_truck_that_crossed_in_the_file()
    {
        // A truck crosses, through the API as the carrier's and the officer's systems would do it.
        var carrier = await app.ApiAsAsync("carrier.demo");
        var id = (await carrier.CreateAsync("/api/v1/trucks", ApiClient.Truck("PES-7781"))).GetProperty("id").GetString();
        await Ok(await carrier.PostAsync($"/api/v1/trucks/{id}/arrival", null));
        var officer = await app.ApiAsAsync("pk.officer.torkham");
        await Ok(await officer.PostAsJsonAsync("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 50 }));
        await Ok(await officer.PostAsync($"/api/v1/trucks/{id}/exit", null));

        var page = await app.LogInAsync("pk.liaison");
        var form = page.Locator("#export-form");
        await form.GetByLabel("Crossing").SelectOptionAsync("torkham");
        await form.GetByLabel("What to export").SelectOptionAsync("trucks");
        await form.GetByLabel("Which trucks").SelectOptionAsync("crossed");
        await form.GetByLabel("First day").FillAsync("2026-11-28");
        await form.GetByLabel("Last day").FillAsync("2026-11-28");
        var download = await page.RunAndWaitForDownloadAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());

        Assert.Equal("khyber-torkham-trucks-crossed-2026-11-28-to-2026-11-28.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var row = Assert.Single(lines.Skip(1), l => l.Contains("PES7781", StringComparison.Ordinal)).Split(',');
        Assert.Equal(id, row[Array.IndexOf(header, "id")]);
        // A liaison's file has the trucks, not their drivers (personal data, for the crossing's officers).
        Assert.DoesNotContain("driver_name", header);
        Assert.Equal("exited", row[Array.IndexOf(header, "status")]);
        Assert.Equal("2026-11-28T06:00:00Z", row[Array.IndexOf(header, "exited_at_utc")]);
        Assert.Equal("2026-11-28 11:00:00", row[Array.IndexOf(header, "exited_at_pk_local")]);
        Assert.Equal("2026-11-28 10:30:00", row[Array.IndexOf(header, "exited_at_af_local")]);
        // What the file says is what is stored.
        var stored = await app.Db(db => db.Trucks.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(id!)));
        Assert.Equal(TruckStatus.Exited, stored.Status);
        Assert.Equal(stored.ExitedAt, DateTimeOffset.Parse(row[Array.IndexOf(header, "exited_at_utc")], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_range_that_ends_before_it_starts_is_refused_beside_the_export_form_as_typed()
    {
        var page = await app.LogInAsync("af.liaison");
        var form = page.Locator("#export-form");
        await form.GetByLabel("What to export").SelectOptionAsync("incidents");
        await form.GetByLabel("First day").FillAsync("2026-11-28");
        await form.GetByLabel("Last day").FillAsync("2026-11-01");
        await form.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync();

        var error = page.Locator("#export-form .error");
        await error.WaitForAsync();
        Assert.Equal("422", await error.GetAttributeAsync("data-status"));
        Assert.Contains("from: Must not be after to.", await error.InnerTextAsync());
        form = page.Locator("#export-form");
        Assert.Equal("incidents", await form.GetByLabel("What to export").InputValueAsync());
        Assert.Equal("2026-11-01", await form.GetByLabel("Last day").InputValueAsync());
        Assert.Equal(0, await page.Locator("#notice-form .error, #incident-form .error").CountAsync());
    }

    [Fact]
    public async Task The_export_form_fits_a_phone_and_opens_with_the_last_seven_days()
    {
        var page = await app.LogInAsync("pk.liaison", BrowserApp.Phone);
        var form = page.Locator("#export-form");
        Assert.Equal("2026-11-22", await form.GetByLabel("First day").InputValueAsync());
        Assert.Equal("2026-11-28", await form.GetByLabel("Last day").InputValueAsync());
        Assert.False(await BrowserApp.OverflowsAsync(page), "the liaison desk is wider than a 360 px phone");
        // From the last field the keyboard reaches the button (a date field has a stop for each of its parts).
        await form.GetByLabel("Last day").FocusAsync();
        var reached = false;
        for (var i = 0; i < 5 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()") == "Download CSV";
        }
        Assert.True(reached, "the Download CSV button is not reached by the keyboard");
    }
}
