using System.Net.Http.Json;
using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// The joint daily report (<c>/liaison/report</c>) over the demo story, whose two measured Kabul commitments have a week of
/// evaluations: both liaisons countersign it in the browser, a signature of a report that has moved on is refused beside
/// its form, the day selector refuses a day not over, and the report prints as a PDF in each side's language.
/// </summary>
public sealed class DailyReportTests(StoryApp app) : IClassFixture<StoryApp>
{
    private static ILocator Region(IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    private static async Task<string> HeadShownAsync(IPage page) => (await page.Locator("article.report").GetAttributeAsync("data-head"))!;

    [Fact]
    public async Task Both_liaisons_countersign_the_days_report_and_the_page_shows_who_has_signed()
    {
        var pakistan = await app.LogInAsync("pk.liaison");
        await pakistan.GotoAsync("/liaison/report?crossing=torkham&day=2026-11-27");
        Assert.Contains("Joint daily report: Torkham, 2026-11-27", await pakistan.Locator("h1").InnerTextAsync());
        Assert.Equal("Not yet countersigned by either side.", (await Region(pakistan, "Countersigned").Locator("p").InnerTextAsync()).Trim());
        var head = await HeadShownAsync(pakistan);

        var sign = Region(pakistan, "Countersign for Pakistan");
        await sign.GetByRole(AriaRole.Button, new() { Name = "Countersign this report" }).SendAsync();
        Assert.Equal("Report countersigned.", await pakistan.DoneMessageAsync());
        Assert.Equal(app.BaseUrl + "/liaison/report?crossing=torkham&day=2026-11-27", pakistan.Url);
        Assert.Contains("Pakistan: signed by pk.liaison at", await Region(pakistan, "Countersigned").InnerTextAsync());
        Assert.Equal("Your side has countersigned this report as it stands.", (await Region(pakistan, "Countersign for Pakistan").Locator("p").Last.InnerTextAsync()).Trim());
        Assert.Equal(0, await Region(pakistan, "Countersign for Pakistan").GetByRole(AriaRole.Button).CountAsync());

        var afghanistan = await app.LogInAsync("af.liaison");
        await afghanistan.GotoAsync("/liaison/report?crossing=torkham&day=2026-11-27");
        Assert.Equal(head, await HeadShownAsync(afghanistan));
        await Region(afghanistan, "Countersign for Afghanistan").GetByRole(AriaRole.Button, new() { Name = "Countersign this report" }).SendAsync();
        Assert.Equal("Report countersigned.", await afghanistan.DoneMessageAsync());
        var signed = await Region(afghanistan, "Countersigned").InnerTextAsync();
        Assert.Contains("Pakistan: signed by pk.liaison", signed);
        Assert.Contains("Afghanistan: signed by af.liaison", signed);
        await BrowserApp.ScreenshotAsync(afghanistan, "liaison-report-countersigned-en-desktop");

        var stored = await app.Db(db => db.ReportCountersignatures.AsNoTracking().Where(s => s.CrossingId == "torkham" && s.Day == new DateOnly(2026, 11, 27)).ToListAsync());
        Assert.Equal([(Side.PK, "pk.liaison", head), (Side.AF, "af.liaison", head)], stored.OrderByDescending(s => s.Side == Side.PK).Select(s => (s.Side, s.SignedBy, s.HeadHash)));
        // Each signature is an entry of the audit chain.
        Assert.Equal(2, await app.Db(db => db.AuditEntries.CountAsync(e => e.Action == "CountersignReport" && e.Payload.Contains(head))));
    }

    [Fact]
    public async Task A_countersignature_of_a_report_that_has_moved_on_is_refused_beside_the_form_and_the_report_is_shown_afresh()
    {
        var desk = await app.LogInAsync("af.liaison");
        await desk.GotoAsync("/liaison/report?crossing=torkham&day=2026-11-26");
        var head = await HeadShownAsync(desk);

        // While the page is open, Pakistan disputes the day's measurement of the Afghan gate: the report changes.
        var pakistan = await app.ApiAsAsync("pk.liaison");
        var gate = await app.Db(db => db.Commitments.AsNoTracking().Where(c => c.Metric != null && c.ObligorSide == Side.AF).Select(c => c.Id).SingleAsync());
        await pakistan.CreateAsync($"/api/v1/commitments/{gate}/evaluations/2026-11-26/disputes", new { statement = "The gate was shut from the morning, not the afternoon." });

        await Region(desk, "Countersign for Afghanistan").GetByRole(AriaRole.Button, new() { Name = "Countersign this report" }).SendAsync();
        var refusal = await Region(desk, "Countersign for Afghanistan").RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("headHash: The report has moved on", refusal);
        Assert.Null(await desk.DoneMessageAsync());
        // The page shows the report as it stands now, with the dispute, ready to be signed there.
        Assert.NotEqual(head, await HeadShownAsync(desk));
        Assert.Contains("Disputed by Pakistan: The gate was shut from the morning, not the afternoon.", await Region(desk, "Commitments measured").InnerTextAsync());
        Assert.Equal(0, await app.Db(db => db.ReportCountersignatures.CountAsync(s => s.Day == new DateOnly(2026, 11, 26))));
        await BrowserApp.ScreenshotAsync(desk, "liaison-report-countersign-refused-en-desktop");
    }

    [Fact]
    public async Task The_day_selector_shows_another_day_and_refuses_one_not_yet_over_beside_it()
    {
        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison/report");
        var form = page.Locator("#report-form");
        Assert.Equal("2026-11-27", await form.GetByLabel("Day").InputValueAsync());

        await form.GetByLabel("Day").FillAsync("2026-11-28");
        await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).SendAsync();
        Assert.Equal(app.BaseUrl + "/liaison/report?crossing=torkham&day=2026-11-28", page.Url);
        var refusal = await form.RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("day: 2026-11-28 is not over yet on both sides' clocks", refusal);
        Assert.Equal(0, await page.Locator("article.report").CountAsync());

        await form.GetByLabel("Crossing").SelectOptionAsync("chaman");
        await form.GetByLabel("Day").FillAsync("2026-11-25");
        await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).SendAsync();
        Assert.Null(await form.RefusalInAsync());
        Assert.Contains("Joint daily report: Chaman–Spin Boldak, 2026-11-25", await page.Locator("h1").InnerTextAsync());
        var trucks = Region(page, "Trucks through");
        var exits = int.Parse(await trucks.Locator("tr[data-direction='PK-AF'] td.exits").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        // Exits Pakistan recorded on its own day (midnight to midnight in Karachi, UTC+5).
        var from = new DateTimeOffset(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);
        Assert.Equal(await app.Db(db => db.Trucks.CountAsync(t => t.CrossingId == "chaman" && t.Direction == Direction.PkToAf && t.ExitedAt >= from && t.ExitedAt < from.AddDays(1))), exits);
        Assert.True(exits > 100, $"{exits} exits");
    }

    [Fact]
    public async Task The_report_prints_as_a_pdf_in_each_sides_language_and_reads_on_a_phone_in_pashto()
    {
        var page = await app.LogInAsync("af.liaison");
        await page.GotoAsync("/liaison/report?crossing=torkham&day=2026-11-27");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "اردو (PDF)" }).ClickAsync());
        Assert.Equal("khyber-torkham-2026-11-27-ur.pdf", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(bytes, 0, 5));

        var json = await page.Context.APIRequest.GetAsync("/liaison/report?handler=Json&crossing=torkham&day=2026-11-27");
        Assert.Equal(await HeadShownAsync(page), (await json.JsonAsync())!.Value.GetProperty("headHash").GetString());

        var phone = await app.OpenAsync(BrowserApp.Phone, "ps");
        await phone.GotoAsync("/account/login");
        await phone.Locator("#username").FillAsync("af.liaison");
        await phone.Locator("#password").FillAsync(app.Password);
        await phone.Locator("main form button[type='submit']").ClickAsync();
        await phone.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await phone.GotoAsync("/liaison/report?crossing=torkham&day=2026-11-27&culture=ps");
        Assert.Equal("rtl", await phone.Locator("html").GetAttributeAsync("dir"));
        Assert.Contains("ګډ ورځنی راپور", await phone.Locator("h1").InnerTextAsync());
        Assert.False(await BrowserApp.OverflowsAsync(phone), "the report is wider than a phone");
        await BrowserApp.ScreenshotAsync(phone, "liaison-report-ps-phone");
    }

    [Fact]
    public async Task The_other_side_disputes_a_measured_day_in_the_register_and_a_dispute_without_a_statement_is_refused_beside_it()
    {
        var trucks = await app.Db(db => db.Commitments.AsNoTracking().Where(c => c.Metric != null && c.ObligorSide == Side.PK).Select(c => c.Id).SingleAsync());
        var desk = await app.LogInAsync("af.liaison");
        await desk.GotoAsync("/liaison/register");
        var commitment = desk.Locator($"li[data-commitment='{trucks}']");
        Assert.Contains("At least 250 trucks a day (Pakistan to Afghanistan)", await commitment.Locator("p.metric").InnerTextAsync());
        await commitment.Locator("summary").GetByText("Days measured").ClickAsync();
        var day = commitment.Locator("li.evaluation[data-day='2026-11-24']");
        Assert.Contains("2026-11-24", await day.InnerTextAsync());

        // Refused: no statement (the browser's own check taken off, so the server's rule is what refuses it).
        await day.GetByLabel("Why this day's measurement is wrong").DropAttributeAsync("required");
        await day.GetByRole(AriaRole.Button, new() { Name = "Dispute this day" }).SendAsync();
        var refusal = await desk.Locator($"li[data-commitment='{trucks}'] li.evaluation[data-day='2026-11-24']").RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("statement: Required", refusal);
        Assert.Null(await desk.DoneMessageAsync());
        Assert.Equal(0, await app.Db(db => db.EvaluationDisputes.CountAsync()));

        day = desk.Locator($"li[data-commitment='{trucks}'] li.evaluation[data-day='2026-11-24']");
        await day.GetByLabel("Why this day's measurement is wrong").FillAsync("Our gate logged 41 more entries that day; the Pakistani exits were entered late.");
        await day.GetByRole(AriaRole.Button, new() { Name = "Dispute this day" }).SendAsync();
        Assert.Equal("Dispute recorded.", await desk.DoneMessageAsync());
        await desk.Locator($"li[data-commitment='{trucks}'] summary").GetByText("Days measured").ClickAsync();
        Assert.Contains("Disputed by Afghanistan: Our gate logged 41 more entries that day",
            await desk.Locator($"li[data-commitment='{trucks}'] li.evaluation[data-day='2026-11-24']").InnerTextAsync());
        var stored = await app.Db(db => db.CommitmentEvaluations.AsNoTracking().SingleAsync(e => e.CommitmentId == trucks && e.Day == new DateOnly(2026, 11, 24)));
        Assert.Equal((Side.AF, "af.liaison"), (stored.Dispute!.Side, stored.Dispute.RaisedBy));

        // Pakistan owes it: its liaison sees the days and the dispute, with nothing to dispute itself.
        var pakistan = await app.LogInAsync("pk.liaison");
        await pakistan.GotoAsync("/liaison/register");
        Assert.Equal(0, await pakistan.Locator($"li[data-commitment='{trucks}'] li.evaluation form").CountAsync());
    }

    [Fact]
    public async Task The_desk_shows_each_crossings_last_seven_days_of_trucks_and_commitments_met_and_missed()
    {
        var page = await app.LogInAsync("pk.liaison");
        await page.GotoAsync("/liaison");
        var week = Region(page, "The last seven days");
        var torkham = week.Locator("details[data-crossing='torkham']");
        var headers = await torkham.Locator("thead th a").AllAsync();
        Assert.Equal(7, headers.Count);
        Assert.Equal("/liaison/report?crossing=torkham&day=2026-11-21", await headers[0].GetAttributeAsync("href"));
        Assert.Equal("/liaison/report?crossing=torkham&day=2026-11-27", await headers[6].GetAttributeAsync("href"));

        var results = await app.Db(db => db.CommitmentEvaluations.AsNoTracking().Select(e => new { e.Day, e.Result }).ToListAsync());
        var met = await torkham.Locator("tr.met td").AllInnerTextsAsync();
        var missed = await torkham.Locator("tr.missed td").AllInnerTextsAsync();
        for (var i = 0; i < 7; i++)
        {
            var day = new DateOnly(2026, 11, 21).AddDays(i);
            Assert.Equal(results.Count(r => r.Day == day && r.Result == EvaluationResult.Met).ToString(System.Globalization.CultureInfo.InvariantCulture), met[i].Trim());
            Assert.Equal(results.Count(r => r.Day == day && r.Result == EvaluationResult.Missed).ToString(System.Globalization.CultureInfo.InvariantCulture), missed[i].Trim());
        }
        Assert.Contains(results, r => r.Result == EvaluationResult.Met);
        Assert.Contains(results, r => r.Result == EvaluationResult.Missed);

        var chart = torkham.GetByRole(AriaRole.Img);
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('details[open] img.chart')].every(i => i.complete && i.naturalWidth > 0)");
        var svg = await page.Context.APIRequest.GetAsync((await chart.GetAttributeAsync("src"))!);
        Assert.Equal("image/svg+xml; charset=utf-8", svg.Headers["content-type"]);
        Assert.Contains("Committed by Pakistan", await svg.TextAsync());

        await headers[6].ClickAsync();
        await page.WaitForURLAsync("**/liaison/report?crossing=torkham&day=2026-11-27");
        Assert.Contains("Joint daily report: Torkham, 2026-11-27", await page.Locator("h1").InnerTextAsync());
        await BrowserApp.ScreenshotAsync(page, "liaison-report-torkham-en-desktop");
    }
}
