using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Khyber.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// Khyber run for real, as docs/deploy.md says: the published server started in Production without the demo on an
/// empty database, the first administrator made with the published <c>khyber admin init</c>, and from there everything
/// only through the pages — a crossing with each side's local hours, a carrier company and its account, an officer for
/// each side and a liaison, each choosing their own password; a truck registered, called, let out and in; the day's CSV
/// exported with the truck in it. And a disabled officer's token refused at once.
/// </summary>
public sealed class ProductionTests(PublishedKhyber khyber) : IClassFixture<PublishedKhyber>
{
    private const string AdminPassword = "Bajaur-Kunar-2026";

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The database as <c>khyber admin init</c> is told it: the SQLite file, or <c>--postgres</c> and the connection string.</summary>
    private static string[] Database(string connection) => TestDatabase.IsPostgres
        ? ["--postgres", connection]
        : [new SqliteConnectionStringBuilder(connection).DataSource];

    /// <summary>The published server on a new empty database, its first administrator made by the published command line.</summary>
    private async Task<PublishedServer> StartWithAdministratorAsync()
    {
        var server = await khyber.StartServerAsync(await TestDatabase.CreateEmptyAsync());
        var (code, output) = await khyber.KhyberAsync(AdminPassword, ["admin", "init", "--user", "admin", .. Database(server.ConnectionString)]);
        Assert.True(code == 0, output);
        return server;
    }

    [Fact]
    public async Task From_an_empty_database_an_administrator_sets_up_a_crossing_and_its_people_and_a_truck_crosses_and_is_exported()
    {
        await using var server = await khyber.StartServerAsync(await TestDatabase.CreateEmptyAsync());
        await using var site = khyber.Site(server);
        try
        {
            await SetUpAndCrossAsync(server, site);
        }
        finally
        {
            await TestDatabase.DropAsync(server.ConnectionString);
        }
    }

    private async Task SetUpAndCrossAsync(PublishedServer server, ExternalSite site)
    {
        // It read its settings from beside its own files, not from the working directory: Production, its own
        // content root, and appsettings.json's log levels (without them every SQL statement would be logged).
        var log = server.Log;
        Assert.Contains(log, l => l.Message == "Hosting environment: Production");
        Assert.Contains(log, l => l.Message == $"Content root path: {khyber.ServerFolder}{Path.DirectorySeparatorChar}");
        Assert.DoesNotContain(log, l => l.Category == "Microsoft.EntityFrameworkCore.Database.Command" && l.Level == "Information");
        Assert.Empty(Directory.EnumerateFileSystemEntries(server.WorkingDirectory));

        // No demo: no crossing, nobody. The log and the home page say what to run.
        using (var api = server.Client())
        {
            Assert.Equal(0, (await api.GetFromJsonAsync<JsonElement>("/api/v1/crossings")).GetArrayLength());
        }
        var warning = Assert.Single(log, l => l.Level == "Warning" && l.Category == "Khyber.Api.Users.FirstStart");
        var board = await site.OpenAsync();
        await board.GotoAsync("/");
        Assert.Equal("No administrator yet", (await board.Locator("#first-start-heading").InnerTextAsync()).Trim());
        var command = (await board.Locator(".first-start code").InnerTextAsync()).Trim();
        Assert.Contains($"Create the first one with: {command} ", warning.Message);
        var expected = "./khyber admin init --user admin " + (TestDatabase.IsPostgres ? "--postgres '" : new SqliteConnectionStringBuilder(server.ConnectionString).DataSource);
        Assert.StartsWith(expected, command);
        await BrowserApp.ScreenshotAsync(board, "production-first-start-en-desktop");

        // The operator runs it: the published command line, the password on standard input.
        var (code, output) = await khyber.KhyberAsync(AdminPassword, ["admin", "init", "--user", "admin", .. Database(server.ConnectionString)]);
        Assert.True(code == 0, output);
        Assert.Contains("Created the administrator admin", output);
        Assert.DoesNotContain(AdminPassword, output);
        await board.ReloadAsync();
        Assert.Equal(0, await board.Locator(".first-start").CountAsync());

        var admin = await site.LogInAsync("admin", AdminPassword);
        Assert.Equal(site.BaseUrl + "/admin", admin.Url);

        // A crossing, open now on both sides' own clocks: from two hours ago until three hours ahead, local time.
        var pk = GateHours.AroundNow("Asia/Karachi");
        var af = GateHours.AroundNow("Asia/Kabul");
        await CreateCrossingAsync(admin, pk, af);
        var row = admin.Locator("#crossings tr[data-crossing='nawa-pass']");
        Assert.Contains($"{pk.Opens}–{pk.Closes}", await row.InnerTextAsync());
        Assert.Contains($"{af.Opens}–{af.Closes}", await row.InnerTextAsync());
        Assert.Contains("Operating", await row.InnerTextAsync());
        await BrowserApp.ScreenshotAsync(admin, "production-crossings-en-desktop");

        // A carrier company and its first account, from the company's own link.
        await admin.Locator("nav.admin-nav").GetByRole(AriaRole.Link, new() { Name = "Carrier companies" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/carriers");
        var company = admin.Locator("#create-company-form");
        await company.GetByLabel("Company name").FillAsync("Bajaur Frontier Haulage");
        await company.GetByLabel("Country of registration").FillAsync("PK");
        await company.GetByLabel("Registration number").FillAsync("SECP-0077120");
        await company.GetByLabel("Contact person").FillAsync("Malik Zarin Khan");
        await company.GetByLabel("Contact's telephone").FillAsync("+92 94 5550120");
        await company.GetByLabel("Contact's e-mail").FillAsync("dispatch@bajaur-haulage.example");
        await company.GetByRole(AriaRole.Button, new() { Name = "Register company" }).SendAsync();
        Assert.Equal("Company registered.", await admin.DoneMessageAsync());
        await admin.Locator("li[data-carrier='bajaur-frontier-haulage']").GetByRole(AriaRole.Link, new() { Name = "Open an account for this company" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/users?role=carrier&carrier=bajaur-frontier-haulage*");
        var carrierOneTime = await OpenAccountAsync(admin, "bajaur.dispatch", "Bajaur Frontier dispatch desk", role: null, side: null, crossing: null);

        // An officer for each side at the new crossing, and a liaison.
        var pkOfficerOneTime = await OpenAccountAsync(admin, "pk.officer.nawa-pass", "Inspector Gul Rehman", "officer", "PK", "nawa-pass");
        var afOfficerOneTime = await OpenAccountAsync(admin, "af.officer.nawa-pass", "Mamur Abdul Wahid", "officer", "AF", "nawa-pass");
        var liaisonOneTime = await OpenAccountAsync(admin, "pk.liaison.reports", "Deputy Collector Saima Noor", "liaison", "PK", crossing: null);
        await BrowserApp.ScreenshotAsync(admin, "production-users-en-desktop");

        // Each signs in with the one-time password and chooses their own.
        var carrier = await FirstSignInAsync(site, "bajaur.dispatch", carrierOneTime, "Frontier-Haulage-41");
        Assert.Equal(site.BaseUrl + "/carrier", carrier.Url);
        var pkOfficer = await FirstSignInAsync(site, "pk.officer.nawa-pass", pkOfficerOneTime, "Nawa-Pass-Gate-7");
        Assert.Equal(site.BaseUrl + "/officer", pkOfficer.Url);
        var afOfficer = await FirstSignInAsync(site, "af.officer.nawa-pass", afOfficerOneTime, "Kunar-Gate-Side-8");
        Assert.Equal(site.BaseUrl + "/officer", afOfficer.Url);
        var liaison = await FirstSignInAsync(site, "pk.liaison.reports", liaisonOneTime, "Reports-Desk-2026");
        Assert.Equal(site.BaseUrl + "/liaison", liaison.Url);

        // The carrier registers a truck for the new crossing and checks it in.
        await CarrierPortal.FillRegistrationAsync(carrier, "BJR-4417", "general", "nawa-pass");
        await CarrierPortal.RegisterButton(carrier).SendAsync();
        Assert.StartsWith("Truck registered.", await carrier.DoneMessageAsync());
        var truck = carrier.Locator("li.truck[data-plate='BJR4417']");
        await truck.GetByRole(AriaRole.Button, new() { Name = "Check in at the waiting area" }).SendAsync();
        Assert.Equal("Checked in: the truck is in the queue.", await carrier.DoneMessageAsync());
        Assert.Equal("waiting", await truck.GetAttributeAsync("data-status"));
        await BrowserApp.ScreenshotAsync(carrier, "production-carrier-en-desktop");

        // Pakistan's officer — the departure side of PK-AF — calls it forward and lets it out; Afghanistan's lets it in.
        await pkOfficer.ReloadAsync();
        Assert.Equal(1, await pkOfficer.Locator("table.stack tbody tr").Filter(new() { HasText = "BJR4417" }).CountAsync());
        await pkOfficer.Locator("#call-form").GetByLabel("How many").FillAsync("1");
        await pkOfficer.Locator("#call-form").GetByRole(AriaRole.Button, new() { Name = "Call forward" }).SendAsync();
        Assert.Equal("Trucks called forward.", await pkOfficer.DoneMessageAsync());
        var before = TimeProvider.System.GetUtcNow();
        await pkOfficer.Locator("#officer-trucks li[data-plate='BJR4417']").GetByRole(AriaRole.Button, new() { Name = "Record exit" }).SendAsync();
        var after = TimeProvider.System.GetUtcNow();
        Assert.Equal("Exit recorded.", await pkOfficer.DoneMessageAsync());
        await BrowserApp.ScreenshotAsync(pkOfficer, "production-officer-en-desktop");
        await afOfficer.ReloadAsync();
        await afOfficer.Locator("#officer-trucks li[data-plate='BJR4417']").GetByRole(AriaRole.Button, new() { Name = "Record entry" }).SendAsync();
        Assert.Equal("Entry recorded.", await afOfficer.DoneMessageAsync());
        await carrier.ReloadAsync();
        Assert.Equal("entered", await carrier.Locator("li.truck[data-plate='BJR4417']").GetAttributeAsync("data-status"));

        // The liaison exports the day's crossed trucks from the desk and finds the truck in the file.
        var export = liaison.Locator("#export-form");
        await export.GetByLabel("Crossing").SelectOptionAsync("nawa-pass");
        await export.GetByLabel("What to export").SelectOptionAsync("trucks");
        await export.GetByLabel("Which trucks").SelectOptionAsync("crossed");
        await export.GetByLabel("First day").FillAsync(Day(before));
        await export.GetByLabel("Last day").FillAsync(Day(after));
        await BrowserApp.ScreenshotAsync(liaison, "production-liaison-en-desktop");
        var download = await liaison.RunAndWaitForDownloadAsync(() => export.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal($"khyber-nawa-pass-trucks-crossed-{Day(before)}-to-{Day(after)}.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync(await download.PathAsync())).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        string Field(string[] fields, string name) => fields[Array.IndexOf(header, name)];
        var found = Assert.Single(lines.Skip(1)).Split(',');
        Assert.Equal(("nawa-pass", "PK-AF", "BJR4417", "bajaur-frontier-haulage", "entered"),
            (Field(found, "crossing_id"), Field(found, "direction"), Field(found, "plate"), Field(found, "carrier_id"), Field(found, "status")));
        var exited = DateTimeOffset.Parse(Field(found, "exited_at_utc"), CultureInfo.InvariantCulture);
        Assert.InRange(exited, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.Equal(GateHours.Local(exited, "Asia/Karachi"), Field(found, "exited_at_pk_local"));
        Assert.Equal(GateHours.Local(exited, "Asia/Kabul"), Field(found, "exited_at_af_local"));

        // A log an operator can read: nothing failed, and the framework has nothing to say about how Khyber uses it —
        // the warnings are Khyber's own (the first start's) or about where the machine keeps its keys.
        log = server.Log;
        Assert.DoesNotContain(log, l => l.Level is "Error" or "Critical" && !FirstMigrationProbe(l));
        Assert.All(log.Where(l => l.Level == "Warning"), l => Assert.True(
            l.Category.StartsWith("Khyber.", StringComparison.Ordinal) || l.Category.StartsWith("Microsoft.AspNetCore.DataProtection.", StringComparison.Ordinal), l.ToString()));
    }

    /// <summary>
    /// PostgreSQL's EF provider looks for the migrations history table by reading it, and logs the failed read of a new
    /// database as an error (npgsql/efcore.pg issue 3407): harmless, and said so in docs/deploy.md.
    /// </summary>
    private static bool FirstMigrationProbe(LogLine line) =>
        TestDatabase.IsPostgres && line.Category == "Microsoft.EntityFrameworkCore.Database.Command" && line.Message.Contains("FROM \"__EFMigrationsHistory\"", StringComparison.Ordinal);

    [Fact]
    public async Task A_disabled_officers_token_is_refused_at_once_and_his_open_page_is_sent_to_log_in()
    {
        await using var server = await StartWithAdministratorAsync();
        await using var site = khyber.Site(server);
        try
        {
            var admin = await site.LogInAsync("admin", AdminPassword);
            await CreateCrossingAsync(admin, GateHours.AroundNow("Asia/Karachi"), GateHours.AroundNow("Asia/Kabul"));
            var oneTime = await OpenAccountAsync(admin, "af.officer.nawa-pass", "Mamur Abdul Wahid", "officer", "AF", "nawa-pass");
            var officer = await FirstSignInAsync(site, "af.officer.nawa-pass", oneTime, "Kunar-Gate-Side-8");
            Assert.Equal(site.BaseUrl + "/officer", officer.Url);

            using var api = server.Client();
            var issued = await api.PostAsJsonAsync("/api/v1/auth/token", new { username = "af.officer.nawa-pass", password = "Kunar-Gate-Side-8" });
            Assert.True(issued.StatusCode == HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
            var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/auth/me")).StatusCode);

            await admin.Locator("nav.admin-nav").GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            await admin.WaitForURLAsync("**/admin/users");
            await admin.Locator("li[data-user='af.officer.nawa-pass']").GetByRole(AriaRole.Button, new() { Name = "Disable" }).SendAsync();
            Assert.Equal("Account disabled: its sessions have ended.", await admin.DoneMessageAsync());

            // At once: the very next request with the same token, an hour before it would expire.
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/auth/me")).StatusCode);
            await officer.ReloadAsync();
            Assert.Contains("/account/login", officer.Url);
            await BrowserApp.ScreenshotAsync(officer, "production-disabled-officer-en-desktop");
        }
        finally
        {
            await TestDatabase.DropAsync(server.ConnectionString);
        }
    }

    /// <summary>Creates the crossing Nawa Pass (Bajaur–Kunar) through the new-crossing form, both sides' authority, zone and hours typed.</summary>
    private static async Task CreateCrossingAsync(IPage admin, GateHours pk, GateHours af)
    {
        await admin.Locator("nav.admin-nav").GetByRole(AriaRole.Link, new() { Name = "Crossings" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/crossings");
        Assert.Equal(0, await admin.Locator("#crossings tbody tr").CountAsync());
        await admin.GetByRole(AriaRole.Link, new() { Name = "New crossing" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/crossings/new");
        var form = admin.Locator("#crossing-form");
        await form.GetByLabel("Id (for addresses)").FillAsync("nawa-pass");
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Nawa Pass");
        foreach (var (side, authority, hours) in new[] { ("pk", "Pakistan — Nawa Pass (Bajaur)", pk), ("af", "د افغانستان — نوا کوتل (کونړ)", af) })
        {
            var gate = admin.Locator($"#crossing-{side}");
            await gate.GetByLabel("Authority").FillAsync(authority);
            await gate.GetByLabel("Time zone (IANA name)").FillAsync(hours.Zone);
            await gate.GetByLabel("Gate opens (local time)").FillAsync(hours.Opens);
            await gate.GetByLabel("Gate closes (local time)").FillAsync(hours.Closes);
            await gate.GetByLabel("Closes the next day (hours past midnight)").SetCheckedAsync(hours.Overnight);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Create crossing" }).SendAsync();
        Assert.EndsWith("/admin/crossings", admin.Url);
        Assert.Equal("Crossing created.", await admin.DoneMessageAsync());
    }

    /// <summary>Opens an account on the users page (a role left as the page preset when null) and returns its one-time password, shown once.</summary>
    private static async Task<string> OpenAccountAsync(IPage admin, string username, string name, string? role, string? side, string? crossing)
    {
        if (!admin.Url.Contains("/admin/users", StringComparison.Ordinal))
        {
            await admin.Locator("nav.admin-nav").GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
            await admin.WaitForURLAsync("**/admin/users");
        }
        var form = admin.Locator("#create-user-form");
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        if (role is not null)
        {
            await form.GetByLabel("Role").SelectOptionAsync(role);
        }
        await form.GetByLabel("Side").SelectOptionAsync(side ?? "");
        await form.GetByLabel("Crossing (officers)").SelectOptionAsync(crossing ?? "");
        await form.GetByRole(AriaRole.Button, new() { Name = "Open account" }).SendAsync();
        Assert.Null(await form.RefusalInAsync());
        Assert.Contains("Account opened.", await admin.Locator("#one-time").InnerTextAsync());
        Assert.Contains("Must choose a new password", await admin.Locator($"li[data-user='{username}']").InnerTextAsync());
        return (await admin.Locator("#one-time code.password").InnerTextAsync()).Trim();
    }

    /// <summary>Signs in with a one-time password, is sent to choose a new one, chooses it, and lands on their own page.</summary>
    private static async Task<IPage> FirstSignInAsync(ExternalSite site, string username, string oneTime, string password)
    {
        var page = await site.OpenAsync();
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(oneTime);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        Assert.Contains("/account/password?required=true", page.Url);
        var form = page.Locator("#password-form");
        Assert.Equal(username, await form.GetByLabel("Username").InputValueAsync());
        await form.GetByLabel("Password you were given").FillAsync(oneTime);
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync(password);
        await form.GetByLabel("New password, once more").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).SendAsync();
        Assert.Equal("Password changed.", await page.DoneMessageAsync());
        return page;
    }

    /// <summary>One side's gate hours as typed into the form: its zone, opening and closing times (HH:mm), past midnight or not.</summary>
    private sealed record GateHours(string Zone, string Opens, string Closes, bool Overnight)
    {
        /// <summary>
        /// From two hours before now until three hours after, on the zone's wall clock, so the crossing operates while
        /// the test runs. The published server keeps real time (no fake clock reaches another process), so this is the
        /// one place a test reads the machine's clock.
        /// </summary>
        public static GateHours AroundNow(string zoneId)
        {
            var local = TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(zoneId));
            var opens = TimeOnly.FromDateTime(local.AddHours(-2).DateTime);
            var closes = TimeOnly.FromDateTime(local.AddHours(3).DateTime);
            return new(zoneId, Text(opens), Text(closes), closes < opens);
        }

        /// <summary>An instant on the zone's wall clock as the exports write it.</summary>
        public static string Local(DateTimeOffset at, string zoneId) =>
            TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zoneId)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

        private static string Text(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
    }
}
