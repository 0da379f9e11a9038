using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// The register (<c>/liaison/register</c>): the side that owes a commitment reports on it, the other side disputes it,
/// and the derived status follows <see cref="CommitmentStatusRules"/>; refusals are shown beside the commitments.
/// </summary>
public sealed class RegisterTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly DateTimeOffset Now = Khyber.Api.Tests.Support.KhyberFactory.Start;

    /// <summary>An agreement with one commitment Pakistan owes, recorded through the API as a liaison would; the commitment's id.</summary>
    private async Task<Guid> CommitmentPakistanOwesAsync(string agreement, string text)
    {
        var api = await app.ApiAsAsync("pk.liaison");
        var recorded = await api.CreateAsync("/api/v1/agreements", new { title = agreement, concludedOn = "2026-11-27" });
        var commitment = await api.CreateAsync($"/api/v1/agreements/{recorded.GetProperty("id").GetGuid()}/commitments",
            new { obligorSide = "PK", text, dueOn = "2026-12-10" });
        return commitment.GetProperty("id").GetGuid();
    }

    private async Task<Commitment> StoredAsync(Guid id) =>
        await app.Db(db => db.Commitments.AsNoTracking().AsSplitQuery().SingleAsync(c => c.Id == id));

    private static ILocator Commitments(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Agreements and commitments" });

    private static ILocator CommitmentOn(IPage page, Guid id) => page.Locator($"li[data-commitment='{id}']");

    private static async Task<string> StatusShownAsync(ILocator commitment) => (await commitment.Locator("p.row .status").InnerTextAsync()).Trim();

    [Fact]
    public async Task The_obligor_sides_liaison_reports_on_a_commitment_and_its_status_follows_the_latest_report()
    {
        var id = await CommitmentPakistanOwesAsync("Ghulam Khan customs hours", "Keep the Ghulam Khan customs house open until 22:00.");
        var desk = await app.LogInAsync("pk.liaison");
        await desk.GotoAsync("/liaison/register");
        var commitment = CommitmentOn(desk, id);
        Assert.Equal("Open", await StatusShownAsync(commitment));
        // Pakistan owes it: Pakistan reports, and has nothing to dispute.
        Assert.Equal(0, await commitment.GetByRole(AriaRole.Button, new() { Name = "Raise dispute" }).CountAsync());

        await commitment.Locator("summary").GetByText("Report compliance").ClickAsync();
        await commitment.GetByLabel("Status").SelectOptionAsync("on-track");
        await commitment.GetByLabel("Evidence").FillAsync("Evening shift posted from 1 December; roster attached to the letter of 28 November.");
        await commitment.GetByRole(AriaRole.Button, new() { Name = "Send report" }).SendAsync();
        Assert.Equal("Report recorded.", await desk.DoneMessageAsync());
        Assert.Equal("On track", await StatusShownAsync(commitment));
        Assert.Contains("Report by Pakistan: On track — Evening shift posted from 1 December; roster attached to the letter of 28 November.", await commitment.InnerTextAsync());

        await commitment.Locator("summary").GetByText("Report compliance").ClickAsync();
        await commitment.GetByLabel("Status").SelectOptionAsync("done");
        await commitment.GetByLabel("Evidence").FillAsync("Open until 22:00 every day since 1 December.");
        await commitment.GetByRole(AriaRole.Button, new() { Name = "Send report" }).SendAsync();
        Assert.Equal("Report recorded.", await desk.DoneMessageAsync());
        Assert.Equal("Done", await StatusShownAsync(commitment));
        Assert.Contains("Report by Pakistan: Done — Open until 22:00 every day since 1 December.", await commitment.InnerTextAsync());

        var stored = await StoredAsync(id);
        Assert.Equal(2, stored.Reports.Count);
        var reports = stored.Reports.OrderBy(r => r.Sequence).ToList();
        Assert.Equal((1, ComplianceStatus.OnTrack, "pk.liaison"), (reports[0].Sequence, reports[0].Status, reports[0].ReportedBy));
        Assert.Equal((2, ComplianceStatus.Done, "Open until 22:00 every day since 1 December."), (reports[1].Sequence, reports[1].Status, reports[1].Evidence));
        Assert.Empty(stored.Disputes);
        Assert.Equal(CommitmentStatus.Done, stored.StatusAt(Now));
    }

    [Fact]
    public async Task The_other_sides_liaison_disputes_a_commitment_and_it_shows_disputed_until_the_obligor_reports_again()
    {
        const string statement = "The customs house closed at 18:00 on 29 and 30 November; our traders waited overnight.";
        var id = await CommitmentPakistanOwesAsync("Kharlachi trade hours", "Keep the Kharlachi gate open for trade until 22:00.");
        var pakistan = await app.ApiAsAsync("pk.liaison");
        await pakistan.CreateAsync($"/api/v1/commitments/{id}/reports", new { status = "on-track", evidence = "Staff hired for the evening shift." });

        var desk = await app.LogInAsync("af.liaison");
        await desk.GotoAsync("/liaison/register");
        var commitment = CommitmentOn(desk, id);
        Assert.Equal("On track", await StatusShownAsync(commitment));
        // Afghanistan is owed it: Afghanistan disputes, and has nothing to report.
        Assert.Equal(0, await commitment.GetByRole(AriaRole.Button, new() { Name = "Send report" }).CountAsync());

        await commitment.Locator("summary").GetByText("Dispute").ClickAsync();
        await commitment.GetByLabel("Statement").FillAsync(statement);
        await commitment.GetByRole(AriaRole.Button, new() { Name = "Raise dispute" }).SendAsync();
        Assert.Equal("Dispute recorded.", await desk.DoneMessageAsync());
        Assert.Equal("Disputed", await StatusShownAsync(commitment));
        Assert.Contains($"Disputed by Afghanistan: {statement}", await commitment.InnerTextAsync());

        var stored = await StoredAsync(id);
        var dispute = Assert.Single(stored.Disputes);
        Assert.Equal((2, statement, "af.liaison"), (dispute.Sequence, dispute.Statement, dispute.RaisedBy));
        Assert.Equal(CommitmentStatus.Disputed, stored.StatusAt(Now));

        // A later report is the obligor's answer: the status follows the report again.
        await pakistan.CreateAsync($"/api/v1/commitments/{id}/reports", new { status = "done", evidence = "Open until 22:00 since 1 December." });
        await desk.ReloadAsync();
        Assert.Equal("Done", await StatusShownAsync(commitment));
        Assert.Contains($"Disputed by Afghanistan: {statement}", await commitment.InnerTextAsync());
    }

    [Fact]
    public async Task A_report_without_evidence_is_refused_beside_the_commitments_and_the_chosen_status_is_kept()
    {
        var id = await CommitmentPakistanOwesAsync("Angoor Adda road", "Repair the road to the Angoor Adda gate.");
        var desk = await app.LogInAsync("pk.liaison");
        await desk.GotoAsync("/liaison/register");
        var commitment = CommitmentOn(desk, id);
        await commitment.Locator("summary").GetByText("Report compliance").ClickAsync();
        await commitment.GetByLabel("Status").SelectOptionAsync("failed");
        await commitment.GetByLabel("Evidence").DropAttributeAsync("required");
        await commitment.GetByRole(AriaRole.Button, new() { Name = "Send report" }).SendAsync();

        var refusal = await Commitments(desk).RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("evidence: Required", refusal);
        Assert.Null(await desk.DoneMessageAsync());
        Assert.Equal("Open", await StatusShownAsync(commitment));
        var stored = await StoredAsync(id);
        Assert.Empty(stored.Reports);
        Assert.Equal(CommitmentStatus.Open, stored.StatusAt(Now));

        // What the user chose is still chosen (read from the form itself: it may be folded away).
        Assert.Equal("failed", await commitment.Locator("select[name='status']").InputValueAsync());
    }

    [Fact]
    public async Task A_dispute_statement_over_the_limit_is_refused_beside_the_commitments_and_what_was_typed_is_kept()
    {
        var id = await CommitmentPakistanOwesAsync("Torkham scanners", "Install two cargo scanners at the Torkham terminal.");
        var statement = "The scanners are not installed. " + new string('x', 4000);
        var desk = await app.LogInAsync("af.liaison");
        await desk.GotoAsync("/liaison/register");
        var commitment = CommitmentOn(desk, id);
        await commitment.Locator("summary").GetByText("Dispute").ClickAsync();
        var field = commitment.GetByLabel("Statement");
        await field.DropAttributeAsync("maxlength");
        await field.FillAsync(statement);
        await commitment.GetByRole(AriaRole.Button, new() { Name = "Raise dispute" }).SendAsync();

        var refusal = await Commitments(desk).RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("statement: At most 4000 characters.", refusal);
        await BrowserApp.ScreenshotAsync(desk, "liaison-register-dispute-refused-en-desktop");
        Assert.Null(await desk.DoneMessageAsync());
        Assert.Equal("Open", await StatusShownAsync(commitment));
        Assert.Empty((await StoredAsync(id)).Disputes);

        // What the user typed is still there (read from the form itself: it may be folded away).
        Assert.Equal(statement, await commitment.Locator("textarea[name='statement']").InputValueAsync());
    }
}
