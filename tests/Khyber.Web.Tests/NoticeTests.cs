using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>A notice issued on one side reaches the other side's desk live, is acknowledged there, and what it says stays text.</summary>
public sealed class NoticeTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>Fills and sends the officer console's notice form: an emergency closure of both directions now.</summary>
    private static async Task IssueClosureAsync(IPage officer, string reason)
    {
        var form = officer.Locator("#notice-form");
        await form.GetByLabel("Closed").CheckAsync();
        await form.GetByLabel("Reason category").SelectOptionAsync("security");
        await form.GetByLabel("Reason, in words").FillAsync(reason);
        await form.GetByLabel("Emergency: takes effect sooner than the minimum notice").CheckAsync();
        await form.GetByLabel("Justification of the emergency").FillAsync("Exchange of fire at the gate this morning.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Issue notice" }).ClickAsync();
        await officer.Locator("p.done").GetByText("Notice issued.").WaitForAsync();
    }

    [Fact]
    public async Task A_closure_notice_from_one_side_appears_on_the_other_sides_desk_without_reload_and_is_acknowledged_there()
    {
        var desk = await app.LogInAsync("pk.liaison");
        await desk.Locator("#to-acknowledge").GetByText("None: you have acknowledged every notice of the other side.").WaitForAsync();
        // A mark that a reload would wipe.
        await desk.EvaluateAsync("() => window.__sameDocument = true");
        await desk.WaitForFunctionAsync("() => document.documentElement.dataset.live === 'connected'");

        var officer = await app.LogInAsync("af.officer.torkham");
        await IssueClosureAsync(officer, "Gate closed after firing near the Afghan terminal.");

        var notice = desk.Locator("#to-acknowledge li.notice").Filter(new() { HasText = "Gate closed after firing near the Afghan terminal." });
        await notice.WaitForAsync();
        Assert.True(await desk.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the desk was reloaded");
        Assert.Contains("issued by Afghanistan", await notice.InnerTextAsync());
        Assert.Contains("Waiting for acknowledgement for", await notice.InnerTextAsync());

        await notice.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await desk.Locator("p.done").GetByText("Notice acknowledged.").WaitForAsync();
        Assert.Equal(0, await desk.Locator("#to-acknowledge li.notice").CountAsync());

        // The public board no longer lists it as unacknowledged, and shows Torkham closed by a word and an icon.
        var board = await app.OpenAsync();
        await board.GotoAsync("/");
        Assert.DoesNotContain("Gate closed after firing near the Afghan terminal.", await board.Locator("section.notices").InnerTextAsync());
        var torkham = board.Locator("#status-torkham [data-direction='AF-PK']");
        Assert.Contains("Closed", await torkham.Locator(".state-line").InnerTextAsync());
        Assert.Equal("✖", (await torkham.Locator(".state-line .icon").InnerTextAsync()).Trim());
        Assert.Contains("Gate closed after firing near the Afghan terminal.", await torkham.InnerTextAsync());
    }

    [Fact]
    public async Task A_reason_containing_a_script_tag_is_shown_as_text_and_never_runs()
    {
        const string reason = "<script>window.__xss = 1</script><b>bold</b> & \"quoted\"";
        var desk = await app.LogInAsync("af.liaison");
        await desk.WaitForFunctionAsync("() => document.documentElement.dataset.live === 'connected'");
        var officer = await app.LogInAsync("pk.officer.chaman");
        await IssueClosureAsync(officer, reason);

        // Arrived live on the other desk: as the literal text, with no element made of it.
        var live = desk.Locator("#to-acknowledge li.notice .reason").Filter(new() { HasText = "<script>window.__xss = 1</script>" });
        await live.WaitForAsync();
        Assert.Equal(reason, await live.InnerTextAsync());
        Assert.Equal(0, await desk.Locator("#to-acknowledge li.notice .reason b").CountAsync());

        var board = await app.OpenAsync();
        await board.GotoAsync("/");
        var shown = board.Locator("#status-chaman [data-direction='PK-AF'] .reason");
        Assert.Equal(reason, await shown.InnerTextAsync());
        Assert.Equal(0, await board.Locator(".reason b, .reason script").CountAsync());
        foreach (var page in new[] { desk, board })
        {
            Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"), "the reason ran as a script");
        }
        // Razor wrote it encoded.
        Assert.Contains("&lt;script&gt;window.__xss = 1&lt;/script&gt;", await board.ContentAsync());
    }

    [Fact]
    public async Task A_liaison_issues_a_notice_for_a_crossing_from_the_desk_with_the_minimum_notice_and_the_other_side_is_asked_to_acknowledge_it()
    {
        const string reason = "Resurfacing of the approach road to the Pakistani terminal.";
        var desk = await app.LogInAsync("pk.liaison");
        var form = desk.Locator("#notice-form");
        await form.GetByLabel("Crossing").SelectOptionAsync("ghulam-khan");
        await form.GetByLabel("Closed").CheckAsync();
        await form.GetByLabel("Afghanistan to Pakistan").UncheckAsync();
        await form.GetByLabel("Reason category").SelectOptionAsync("infrastructure");
        await form.GetByLabel("Reason, in words").FillAsync(reason);
        // Two days ahead in Pakistan's time (UTC+5): more than the crossing's 24 h of minimum notice, so no emergency.
        await form.GetByLabel("Takes effect (Pakistan time)").FillAsync("2026-11-30T08:00");
        await form.GetByLabel("Expected to end (optional)").FillAsync("2026-11-30T20:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Issue notice" }).SendAsync();
        Assert.Equal("Notice issued.", await desk.DoneMessageAsync());

        var stored = Assert.Single(await app.Db(db => db.Notices.Where(n => n.CrossingId == "ghulam-khan").ToListAsync()));
        Assert.Equal(Side.PK, stored.Side);
        Assert.Equal(GateState.Closed, stored.GateState);
        Assert.Equal([Direction.PkToAf], stored.Directions);
        Assert.Equal(ReasonCategory.Infrastructure, stored.ReasonCategory);
        Assert.Equal(reason, stored.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero), stored.EffectiveFrom);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 15, 0, 0, TimeSpan.Zero), stored.ExpectedUntil);
        Assert.False(stored.Emergency);
        Assert.Equal("pk.liaison", stored.IssuedBy);
        // Scheduled: not in force yet, so not announced as such.
        Assert.Null(stored.InForceAt);

        // The issuing desk lists it as waiting for the other side; the other desk is asked to acknowledge it.
        var waiting = desk.Locator($"#unanswered li[data-notice='{stored.Id}']");
        Assert.Contains(reason, await waiting.InnerTextAsync());
        Assert.Contains("Ghulam Khan", await waiting.InnerTextAsync());
        var other = await app.LogInAsync("af.liaison");
        var asked = other.Locator($"#to-acknowledge li.notice[data-notice='{stored.Id}']");
        Assert.Contains("issued by Pakistan", await asked.InnerTextAsync());
        Assert.Contains("Pakistan to Afghanistan", await asked.InnerTextAsync());
        Assert.DoesNotContain("Afghanistan to Pakistan", await asked.InnerTextAsync());
    }

    [Fact]
    public async Task A_closure_sooner_than_the_minimum_notice_and_not_marked_emergency_is_refused_beside_the_notice_form_and_nothing_is_stored()
    {
        const string reason = "Closing the gate now for a security sweep.";
        var desk = await app.LogInAsync("af.liaison");
        var form = desk.Locator("#notice-form");
        await form.GetByLabel("Crossing").SelectOptionAsync("angoor-adda");
        await form.GetByLabel("Closed").CheckAsync();
        await form.GetByLabel("Reason category").SelectOptionAsync("security");
        await form.GetByLabel("Reason, in words").FillAsync(reason);
        // Takes effect now (the form's default), without "emergency".
        await form.GetByRole(AriaRole.Button, new() { Name = "Issue notice" }).SendAsync();

        var refusal = await form.RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("emergency: This takes effect in less than the crossing's minimum notice of 24 h", refusal);
        await BrowserApp.ScreenshotAsync(desk, "liaison-desk-notice-refused-en-desktop");
        Assert.Null(await desk.DoneMessageAsync());
        Assert.Null(await desk.Locator("#incident-form").RefusalInAsync());
        Assert.Null(await desk.Locator("#to-acknowledge").RefusalInAsync());
        // What was typed and chosen is kept, ready to be marked emergency and sent again.
        Assert.Equal("angoor-adda", await form.GetByLabel("Crossing").InputValueAsync());
        Assert.True(await form.GetByLabel("Closed").IsCheckedAsync());
        Assert.Equal(reason, await form.GetByLabel("Reason, in words").InputValueAsync());

        Assert.Equal(0, await app.Db(db => db.Notices.CountAsync(n => n.CrossingId == "angoor-adda")));
    }
}
