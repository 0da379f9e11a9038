using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Domain;
using Khyber.Domain.Trucks;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// The administrator's crossing pages (<c>/admin/crossings</c>): create a crossing with each side's local hours, edit one,
/// see a refused form come back with its reasons and what was typed, and confirm a change that strands called trucks.
/// </summary>
public sealed class AdminCrossingTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static ILocator Form(IPage page) => page.Locator("#crossing-form");

    private static ILocator Gate(IPage page, string side) => page.Locator($"#crossing-{side}");

    private static ILocator Direction(IPage page, string direction) => page.Locator($"#crossing-{direction}");

    private Task<Khyber.Domain.Crossings.Crossing?> StoredAsync(string id) =>
        app.Db(db => db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id));

    [Fact]
    public async Task An_administrator_creates_a_crossing_with_each_sides_local_hours_from_the_list()
    {
        var page = await app.LogInAsync("admin");
        await page.Locator("nav.main-nav").GetByRole(AriaRole.Link, new() { Name = "Crossings" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/crossings");
        await page.GetByRole(AriaRole.Link, new() { Name = "New crossing" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/crossings/new");

        var form = Form(page);
        await form.GetByLabel("Id (for addresses)").FillAsync("gursal");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Gursal");
        await Gate(page, "pk").GetByLabel("Authority").FillAsync("Pakistan — Gursal (Bajaur)");
        await Gate(page, "pk").GetByLabel("Gate opens (local time)").FillAsync("08:00");
        await Gate(page, "pk").GetByLabel("Gate closes (local time)").FillAsync("17:00");
        await Gate(page, "af").GetByLabel("Authority").FillAsync("افغانستان — ګورسل (کونړ)");
        await Gate(page, "af").GetByLabel("Time zone (IANA name)").FillAsync("Asia/Kabul");
        await Gate(page, "af").GetByLabel("Gate opens (local time)").FillAsync("07:00");
        await Gate(page, "af").GetByLabel("Gate closes (local time)").FillAsync("19:00");
        await Direction(page, "pk-af").GetByLabel("Lanes open").FillAsync("2");
        await Direction(page, "pk-af").GetByLabel("Lanes there are").FillAsync("3");
        await Direction(page, "pk-af").GetByLabel("Green-lane share (0 to 1)").FillAsync("0.5");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create crossing" }).SendAsync();

        Assert.EndsWith("/admin/crossings", page.Url);
        Assert.Equal("Crossing created.", await page.DoneMessageAsync());
        var row = page.Locator("#crossings tr[data-crossing='gursal']");
        Assert.Contains("Gursal", await row.InnerTextAsync());
        Assert.Contains("08:00–17:00", await row.InnerTextAsync());
        Assert.Contains("07:00–19:00", await row.InnerTextAsync());
        Assert.Contains("Operating", await row.InnerTextAsync());

        var stored = await StoredAsync("gursal");
        Assert.NotNull(stored);
        var afSide = stored.SideOf(Side.AF);
        Assert.Equal(("افغانستان — ګورسل (کونړ)", "Asia/Kabul", new TimeOnly(7, 0), new TimeOnly(19, 0)), (afSide.Authority, afSide.TimeZone, afSide.OpensAt, afSide.ClosesAt));
        Assert.Equal((new TimeOnly(8, 0), new TimeOnly(17, 0)), (stored.SideOf(Side.PK).OpensAt, stored.SideOf(Side.PK).ClosesAt));
        var pkAf = stored.DirectionOf(Khyber.Domain.Direction.PkToAf);
        Assert.Equal((2, 3, 0.5), (pkAf.LanesOpen, pkAf.LanesMax, pkAf.PerishableShare));
        // The public status shows it at once.
        Assert.Equal("Gursal", (await app.Client().GetFromJsonAsync<JsonElement>("/api/v1/crossings/gursal")).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_refused_new_crossing_is_shown_beside_its_form_with_what_was_typed_and_nothing_is_stored()
    {
        var page = await app.LogInAsync("admin");
        await page.GotoAsync("/admin/crossings/new");
        var form = Form(page);
        await form.GetByLabel("Id (for addresses)").FillAsync("ghulam khan 2");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Ghulam Khan II");
        await Gate(page, "pk").GetByLabel("Authority").FillAsync("Pakistan — Ghulam Khan II");
        await Gate(page, "pk").GetByLabel("Time zone (IANA name)").FillAsync("Asia/Peshawar");
        await Gate(page, "af").GetByLabel("Authority").FillAsync("Afghanistan — Ghulam Khan II");
        await Gate(page, "af").GetByLabel("Gate opens (local time)").FillAsync("19:00");
        await Gate(page, "af").GetByLabel("Gate closes (local time)").FillAsync("07:00");
        var response = await form.GetByRole(AriaRole.Button, new() { Name = "Create crossing" }).SendAsync();

        Assert.Equal((int)HttpStatusCode.UnprocessableEntity, response.Status);
        var refusal = await Form(page).RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("id: 2 to 64 lower-case letters", refusal);
        Assert.Contains("sides[0].timeZone: Not a time zone of the time zone database", refusal);
        Assert.Contains("sides[1].closesAt: Closes (07:00) before it opens (19:00)", refusal);
        // What was typed is still there, and the fields at fault say so.
        Assert.Equal("ghulam khan 2", await form.GetByLabel("Id (for addresses)").InputValueAsync());
        Assert.Equal("Asia/Peshawar", await Gate(page, "pk").GetByLabel("Time zone (IANA name)").InputValueAsync());
        Assert.Equal("19:00", await Gate(page, "af").GetByLabel("Gate opens (local time)").InputValueAsync());
        Assert.Equal("true", await Gate(page, "af").GetByLabel("Gate closes (local time)").GetAttributeAsync("aria-invalid"));
        Assert.Equal("false", await Gate(page, "af").GetByLabel("Gate opens (local time)").GetAttributeAsync("aria-invalid"));
        Assert.Equal(0, await app.Db(db => db.Crossings.CountAsync(c => c.Name == "Ghulam Khan II")));
    }

    [Fact]
    public async Task An_administrator_edits_a_crossings_hours_and_lanes()
    {
        var page = await app.LogInAsync("admin");
        await page.GotoAsync("/admin/crossings");
        await page.Locator("#crossings tr[data-crossing='kharlachi']").GetByRole(AriaRole.Link, new() { Name = "Kharlachi" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/crossings/kharlachi/edit");
        Assert.Equal("08:00", await Gate(page, "af").GetByLabel("Gate opens (local time)").InputValueAsync());

        await Gate(page, "af").GetByLabel("Gate opens (local time)").FillAsync("06:30");
        await Gate(page, "pk").GetByLabel("Round the clock").CheckAsync();
        await Direction(page, "af-pk").GetByLabel("Trucks per lane per hour").FillAsync("7.5");
        await Form(page).GetByRole(AriaRole.Button, new() { Name = "Save changes" }).SendAsync();

        Assert.Equal("Crossing saved.", await page.DoneMessageAsync());
        Assert.Equal("06:30", await Gate(page, "af").GetByLabel("Gate opens (local time)").InputValueAsync());
        Assert.True(await Gate(page, "pk").GetByLabel("Round the clock").IsCheckedAsync());
        var stored = await StoredAsync("kharlachi");
        Assert.Equal((TimeOnly?)null, stored!.SideOf(Side.PK).OpensAt);
        Assert.Equal(new TimeOnly(6, 30), stored.SideOf(Side.AF).OpensAt);
        Assert.Equal(7.5, stored.DirectionOf(Khyber.Domain.Direction.AfToPk).TrucksPerLanePerHour);
    }

    [Fact]
    public async Task A_refused_edit_is_shown_beside_its_form_with_what_was_typed_and_changes_nothing()
    {
        var page = await app.LogInAsync("admin");
        await page.GotoAsync("/admin/crossings/angoor-adda/edit");
        await Form(page).GetByLabel("Name", new() { Exact = true }).FillAsync("Angoor Adda (renamed)");
        await Gate(page, "pk").GetByLabel("Gate opens (local time)").FillAsync("10:00");
        await Gate(page, "pk").GetByLabel("Gate closes (local time)").FillAsync("02:00");
        await Direction(page, "pk-af").GetByLabel("Lanes open").FillAsync("5");
        var response = await Form(page).GetByRole(AriaRole.Button, new() { Name = "Save changes" }).SendAsync();

        Assert.Equal((int)HttpStatusCode.UnprocessableEntity, response.Status);
        var refusal = await Form(page).RefusalInAsync();
        Assert.Contains("sides[0].closesAt: Closes (02:00) before it opens (10:00). For hours past midnight, such as 22:00–06:00, send overnight: true.", refusal);
        Assert.Contains("directions[0].lanesOpen: At most the direction's lanes (2)", refusal);
        Assert.Equal("Angoor Adda (renamed)", await Form(page).GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        Assert.Equal("10:00", await Gate(page, "pk").GetByLabel("Gate opens (local time)").InputValueAsync());
        Assert.Equal("5", await Direction(page, "pk-af").GetByLabel("Lanes open").InputValueAsync());
        var stored = await StoredAsync("angoor-adda");
        Assert.Equal(("Angoor Adda", new TimeOnly(8, 0), 1), (stored!.Name, stored.SideOf(Side.PK).OpensAt, stored.DirectionOf(Khyber.Domain.Direction.PkToAf).LanesOpen));

        // Said to be overnight — 10:00 to 02:00 the next morning, Karachi time — the same hours are taken.
        await Gate(page, "pk").GetByLabel("Closes the next day (hours past midnight)").CheckAsync();
        await Direction(page, "pk-af").GetByLabel("Lanes open").FillAsync("1");
        await Form(page).GetByRole(AriaRole.Button, new() { Name = "Save changes" }).SendAsync();
        Assert.Equal("Crossing saved.", await page.DoneMessageAsync());
        var overnight = (await StoredAsync("angoor-adda"))!.SideOf(Side.PK);
        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(2, 0)), (overnight.OpensAt, overnight.ClosesAt));
    }

    [Fact]
    public async Task Closing_the_lanes_under_called_trucks_asks_for_confirmation_and_then_returns_them_to_the_queue()
    {
        // Two trucks of carrier.demo called forward at Ghulam Khan, PK-AF (06:00 UTC: both gates are open).
        var carrier = await app.ApiAsAsync("carrier.demo");
        var ids = new List<Guid>();
        foreach (var plate in new[] { "NWZ-7101", "NWZ-7102" })
        {
            var truck = await carrier.CreateAsync("/api/v1/trucks", ApiClient.Truck(plate, "ghulam-khan"));
            var id = truck.GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.OK, (await carrier.PostAsync($"/api/v1/trucks/{id}/arrival", null)).StatusCode);
            ids.Add(id);
        }
        var officer = await app.ApiAsAsync("pk.officer.ghulam-khan");
        Assert.Equal(HttpStatusCode.OK, (await officer.PostAsJsonAsync("/api/v1/crossings/ghulam-khan/queue/PK-AF/call", new { count = 2 })).StatusCode);

        var page = await app.LogInAsync("admin");
        await page.GotoAsync("/admin/crossings/ghulam-khan/edit");
        await Direction(page, "pk-af").GetByLabel("Lanes open").FillAsync("0");
        var response = await Form(page).GetByRole(AriaRole.Button, new() { Name = "Save changes" }).SendAsync();

        Assert.Equal((int)HttpStatusCode.Conflict, response.Status);
        var confirm = page.Locator("#confirm-stranding");
        Assert.Contains("2 trucks called forward could not pass after this change.", await confirm.InnerTextAsync());
        Assert.Contains("could not pass after this change: 2 in PK-AF (no lane would be open)", await Form(page).RefusalInAsync());
        Assert.Equal("0", await Direction(page, "pk-af").GetByLabel("Lanes open").InputValueAsync());
        Assert.All(await app.Db(db => db.Trucks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync()), t => Assert.Equal(TruckStatus.Called, t.Status));

        await confirm.GetByLabel("Apply anyway: the called trucks go back to the queue in their own places.").CheckAsync();
        await Form(page).GetByRole(AriaRole.Button, new() { Name = "Save changes" }).SendAsync();
        Assert.Equal("Crossing saved.", await page.DoneMessageAsync());
        Assert.Equal(0, await page.Locator("#confirm-stranding").CountAsync());
        Assert.Equal(0, (await StoredAsync("ghulam-khan"))!.DirectionOf(Khyber.Domain.Direction.PkToAf).LanesOpen);
        Assert.All(await app.Db(db => db.Trucks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync()),
            t => Assert.Equal((TruckStatus.Waiting, 0), (t.Status, t.NoShows)));
    }

    [Fact]
    public async Task The_pages_fit_a_phone_in_english_and_pashto_and_the_form_works_from_the_keyboard()
    {
        foreach (var (size, label) in new[] { (BrowserApp.Desktop, "desktop"), (BrowserApp.Phone, "phone") })
        {
            foreach (var culture in new[] { "en", "ps" })
            {
                var page = await app.LogInAsync("admin", size);
                foreach (var (path, name) in new[] { ("/admin/crossings", "admin-crossings"), ("/admin/crossings/new", "admin-crossing-new"), ("/admin/crossings/torkham/edit", "admin-crossing-edit") })
                {
                    await page.GotoAsync($"{path}?culture={culture}");
                    Assert.False(await BrowserApp.OverflowsAsync(page), $"{name} ({culture}) scrolls sideways at {size.Width} px");
                    await BrowserApp.ScreenshotAsync(page, $"{name}-{culture}-{label}");
                }
                await page.Context.CloseAsync();
            }
        }

        // From the keyboard alone: Tab from the id through the name and on, Space ticks a box, Enter sends the form.
        var keys = await app.LogInAsync("admin", BrowserApp.Phone);
        await keys.GotoAsync("/admin/crossings/new?culture=en");
        await keys.Locator("#crossing-id").FocusAsync();
        await keys.Keyboard.TypeAsync("key-pass");
        await keys.Keyboard.PressAsync("Tab");
        Assert.Equal("crossing-name", await keys.EvaluateAsync<string>("() => document.activeElement.id"));
        await keys.Keyboard.TypeAsync("Key Pass");
        foreach (var side in new[] { "pk", "af" })
        {
            await keys.Locator($"#crossing-{side}-authority").FocusAsync();
            await keys.Keyboard.TypeAsync($"{side.ToUpperInvariant()} authority");
            await keys.Keyboard.PressAsync("Tab");
            Assert.Equal($"crossing-{side}-zone", await keys.EvaluateAsync<string>("() => document.activeElement.id"));
            await keys.Keyboard.PressAsync("Tab");
            Assert.Equal($"crossing-{side}-allday", await keys.EvaluateAsync<string>("() => document.activeElement.id"));
            await keys.Keyboard.PressAsync("Space");
        }
        await keys.Locator("#crossing-name").PressAsync("Enter");
        await keys.WaitForURLAsync("**/admin/crossings");
        Assert.Equal("Crossing created.", await keys.DoneMessageAsync());
        var stored = await StoredAsync("key-pass");
        Assert.NotNull(stored);
        Assert.True(stored.RoundTheClock);
    }
}
