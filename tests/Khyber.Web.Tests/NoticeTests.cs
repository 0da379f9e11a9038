using Khyber.Web.Tests.Support;
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
}
