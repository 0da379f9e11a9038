using Khyber.Domain;
using Khyber.Domain.Incidents;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// Incidents: logged from the officer console or the liaison desk in the side's own name, listed on the other
/// side's desk, and answered there (acknowledged or disputed, and amended); refusals shown beside the form.
/// </summary>
public sealed class IncidentTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly DateTimeOffset Now = Khyber.Api.Tests.Support.KhyberFactory.Start;

    /// <summary>An incident the Afghan side logged through the API, for the Pakistani desk to answer.</summary>
    private async Task<Guid> AfghanIncidentAsync(string crossing, string description)
    {
        var api = await app.ApiAsAsync("af.liaison");
        var incident = await api.CreateAsync("/api/v1/incidents", new
        {
            crossingId = crossing,
            side = "AF",
            occurredAt = Now.AddHours(-2),
            category = "exchange-of-fire",
            casualties = Array.Empty<object>(),
            description,
        });
        return incident.GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task An_officer_logs_an_incident_with_casualties_and_it_reaches_the_other_sides_desk_to_be_answered()
    {
        const string description = "Rockets landed near the customs yard at 09:30; two guards hurt, one passer-by killed on the Afghan side.";
        var desk = await app.LogInAsync("af.liaison");
        await desk.EvaluateAsync("() => window.__sameDocument = true");
        await desk.WaitForFunctionAsync("() => document.documentElement.dataset.live === 'connected'");

        var officer = await app.LogInAsync("pk.officer.chaman");
        var form = officer.Locator("#incident-form");
        await form.GetByLabel("What happened").SelectOptionAsync("attack");
        // 09:30 in Pakistan is 04:30 UTC, an hour and a half before the test's clock.
        await form.GetByLabel("When (Pakistan time)").FillAsync("2026-11-28T09:30");
        await form.GetByLabel("Description").FillAsync(description);
        await form.GetByLabel("Pakistan: personnel injured").FillAsync("2");
        await form.GetByLabel("Afghanistan: civilians killed").FillAsync("1");
        await form.GetByRole(AriaRole.Button, new() { Name = "Log incident" }).SendAsync();
        Assert.Equal("Incident logged.", await officer.DoneMessageAsync());
        // The form is empty again for the next one.
        Assert.Equal("", await form.GetByLabel("Description").InputValueAsync());

        var stored = Assert.Single(await app.Db(db => db.Incidents.Where(i => i.CrossingId == "chaman").ToListAsync()));
        Assert.Equal(Side.PK, stored.Side);
        Assert.Equal(IncidentCategory.Attack, stored.Category);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 4, 30, 0, TimeSpan.Zero), stored.OccurredAt);
        Assert.Equal(description, stored.Description);
        Assert.Equal("pk.officer.chaman", stored.LoggedBy);
        Assert.Equal(2, stored.Casualties.Count);
        Assert.Contains(stored.Casualties, c => c is { Side: Side.PK, Kind: CasualtyKind.Personnel, Killed: 0, Injured: 2 });
        Assert.Contains(stored.Casualties, c => c is { Side: Side.AF, Kind: CasualtyKind.Civilian, Killed: 1, Injured: 0 });
        Assert.Empty(stored.Responses);

        // The Afghan desk lists it among the incidents to answer, without a reload.
        var listed = desk.Locator($"#incidents li[data-incident='{stored.Id}']");
        await listed.WaitForAsync();
        Assert.True(await desk.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the desk was reloaded");
        var text = await listed.InnerTextAsync();
        Assert.Contains("Attack", text);
        Assert.Contains("Chaman", text);
        Assert.Contains(description, text);
        Assert.Contains("Pakistan, Personnel: 0 killed, 2 injured", text);
        Assert.Contains("Afghanistan, Civilian: 1 killed, 0 injured", text);
        Assert.Contains("Not yet answered", text);
        await BrowserApp.ScreenshotAsync(desk, "liaison-desk-incident-to-answer-en-desktop");

        // The reporting side's own desk does not ask itself to answer it.
        var ownDesk = await app.LogInAsync("pk.liaison");
        Assert.Equal(0, await ownDesk.Locator($"#incidents li[data-incident='{stored.Id}']").CountAsync());
    }

    [Fact]
    public async Task A_liaison_logs_an_incident_at_any_crossing_from_the_desk_in_its_own_sides_name()
    {
        const string description = "Traders blocked the road to the gate for three hours in protest at the new fees.";
        var desk = await app.LogInAsync("af.liaison");
        var form = desk.Locator("#incident-form");
        await form.GetByLabel("Crossing").SelectOptionAsync("kharlachi");
        await form.GetByLabel("What happened").SelectOptionAsync("protest");
        // 08:00 in Afghanistan (UTC+4:30) is 03:30 UTC.
        await form.GetByLabel("When (Afghanistan time)").FillAsync("2026-11-28T08:00");
        await form.GetByLabel("Description").FillAsync(description);
        await form.GetByRole(AriaRole.Button, new() { Name = "Log incident" }).SendAsync();
        Assert.Equal("Incident logged.", await desk.DoneMessageAsync());

        var stored = Assert.Single(await app.Db(db => db.Incidents.Where(i => i.CrossingId == "kharlachi").ToListAsync()));
        Assert.Equal(Side.AF, stored.Side);
        Assert.Equal(IncidentCategory.Protest, stored.Category);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 3, 30, 0, TimeSpan.Zero), stored.OccurredAt);
        Assert.Equal("af.liaison", stored.LoggedBy);
        Assert.Empty(stored.Casualties);

        var other = await app.LogInAsync("pk.liaison");
        var listed = other.Locator($"#incidents li[data-incident='{stored.Id}']");
        Assert.Contains(description, await listed.InnerTextAsync());
        Assert.Contains("Kharlachi", await listed.InnerTextAsync());
        Assert.Equal(0, await listed.GetByText("Casualties").CountAsync());
    }

    [Fact]
    public async Task The_other_sides_liaison_acknowledges_an_incident_then_amends_the_answer_to_a_dispute()
    {
        var id = await AfghanIncidentAsync("angoor-adda", "Pakistani posts fired across the line at dawn.");
        var desk = await app.LogInAsync("pk.liaison");
        var incident = desk.Locator($"#incidents li[data-incident='{id}']");
        Assert.Contains("Not yet answered", await incident.InnerTextAsync());

        await incident.Locator("summary").GetByText("Answer").ClickAsync();
        Assert.True(await incident.GetByRole(AriaRole.Radio, new() { Name = "Acknowledge" }).IsCheckedAsync());
        await incident.GetByLabel("Statement").FillAsync("Firing took place; our posts answered fire from the other side.");
        await incident.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).SendAsync();
        Assert.Equal("Response recorded.", await desk.DoneMessageAsync());
        Assert.Equal("Acknowledge: Firing took place; our posts answered fire from the other side.",
            (await incident.Locator("p").Filter(new() { Has = desk.Locator(".status") }).InnerTextAsync()).Trim());
        Assert.Equal(0, await incident.GetByText("Not yet answered").CountAsync());

        await incident.Locator("summary").GetByText("Amend the answer").ClickAsync();
        await incident.GetByRole(AriaRole.Radio, new() { Name = "Dispute" }).CheckAsync();
        await incident.GetByLabel("Statement").FillAsync("On review: no Pakistani post fired first; the <b>firing</b> came from the Afghan side.");
        await incident.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).SendAsync();
        Assert.Equal("Response recorded.", await desk.DoneMessageAsync());
        Assert.Equal("Dispute: On review: no Pakistani post fired first; the <b>firing</b> came from the Afghan side.",
            (await incident.Locator("p").Filter(new() { Has = desk.Locator(".status") }).InnerTextAsync()).Trim());
        Assert.Equal(0, await incident.Locator("b").CountAsync());

        var responses = await app.Db(db => db.IncidentResponses.Where(r => r.IncidentId == id).OrderBy(r => r.Number).ToListAsync());
        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(Side.PK, r.Side));
        Assert.All(responses, r => Assert.Equal("pk.liaison", r.RespondedBy));
        Assert.Equal((1, ResponseStance.Acknowledge, "Firing took place; our posts answered fire from the other side."),
            (responses[0].Number, responses[0].Stance, responses[0].Statement));
        Assert.Equal((2, ResponseStance.Dispute, "On review: no Pakistani post fired first; the <b>firing</b> came from the Afghan side."),
            (responses[1].Number, responses[1].Stance, responses[1].Statement));
    }

    [Fact]
    public async Task An_incident_without_a_description_is_refused_beside_the_officers_incident_form_and_nothing_is_stored()
    {
        var officer = await app.LogInAsync("af.officer.torkham");
        var form = officer.Locator("#incident-form");
        await form.GetByLabel("What happened").SelectOptionAsync("smuggling");
        await form.GetByLabel("When (Afghanistan time)").FillAsync("2026-11-28T09:15");
        await form.GetByLabel("Afghanistan: personnel killed").FillAsync("1");
        // Past the browser's own check, to the server's rules.
        await form.GetByLabel("Description").DropAttributeAsync("required");
        await form.GetByRole(AriaRole.Button, new() { Name = "Log incident" }).SendAsync();

        var refusal = await form.RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("description: Required", refusal);
        Assert.Null(await officer.DoneMessageAsync());
        // Beside this form only.
        Assert.Null(await officer.Locator("#notice-form").RefusalInAsync());
        // What was chosen and typed is still there.
        Assert.Equal("smuggling", await form.GetByLabel("What happened").InputValueAsync());
        Assert.Equal("2026-11-28T09:15", await form.GetByLabel("When (Afghanistan time)").InputValueAsync());
        Assert.Equal("1", await form.GetByLabel("Afghanistan: personnel killed").InputValueAsync());

        Assert.Equal(0, await app.Db(db => db.Incidents.CountAsync(i => i.LoggedBy == "af.officer.torkham")));
    }

    [Fact]
    public async Task An_incident_in_the_future_is_refused_beside_the_desks_incident_form_and_what_was_typed_is_kept()
    {
        const string description = "Shelling expected near the gate.";
        var desk = await app.LogInAsync("pk.liaison");
        var form = desk.Locator("#incident-form");
        await form.GetByLabel("Crossing").SelectOptionAsync("ghulam-khan");
        await form.GetByLabel("When (Pakistan time)").FillAsync("2026-11-29T11:00");
        await form.GetByLabel("Description").FillAsync(description);
        await form.GetByLabel("Pakistan: civilians injured").FillAsync("3");
        await form.GetByRole(AriaRole.Button, new() { Name = "Log incident" }).SendAsync();

        var refusal = await form.RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("occurredAt: An incident cannot have happened in the future.", refusal);
        Assert.Null(await desk.Locator("#notice-form").RefusalInAsync());
        Assert.Null(await desk.Locator("#incidents").RefusalInAsync());
        Assert.Equal("ghulam-khan", await form.GetByLabel("Crossing").InputValueAsync());
        Assert.Equal("2026-11-29T11:00", await form.GetByLabel("When (Pakistan time)").InputValueAsync());
        Assert.Equal(description, await form.GetByLabel("Description").InputValueAsync());
        Assert.Equal("3", await form.GetByLabel("Pakistan: civilians injured").InputValueAsync());

        Assert.Equal(0, await app.Db(db => db.Incidents.CountAsync(i => i.CrossingId == "ghulam-khan" || i.Description == description)));
    }

    [Fact]
    public async Task An_answer_without_a_statement_is_refused_beside_the_incident_and_the_chosen_stance_is_kept()
    {
        var id = await AfghanIncidentAsync("torkham", "A Pakistani drone crossed the line over the terminal.");
        var desk = await app.LogInAsync("pk.liaison");
        var incident = desk.Locator($"#incidents li[data-incident='{id}']");
        await incident.Locator("summary").GetByText("Answer").ClickAsync();
        await incident.GetByRole(AriaRole.Radio, new() { Name = "Dispute" }).CheckAsync();
        await incident.GetByLabel("Statement").DropAttributeAsync("required");
        await incident.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).SendAsync();

        // The reasons are shown in the incidents' section, where the answer was sent from.
        var refusal = await desk.Locator("#incidents").RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("statement: Required", refusal);
        await BrowserApp.ScreenshotAsync(desk, "liaison-desk-answer-refused-en-desktop");
        Assert.Null(await desk.DoneMessageAsync());
        Assert.Null(await desk.Locator("#notice-form").RefusalInAsync());
        Assert.Null(await desk.Locator("#incident-form").RefusalInAsync());
        Assert.Contains("Not yet answered", await incident.InnerTextAsync());
        Assert.Equal(0, await app.Db(db => db.IncidentResponses.CountAsync(r => r.IncidentId == id)));

        // What the user chose is still chosen (read from the form itself: it may be folded away).
        Assert.True(await incident.Locator("input[name='stance'][value='dispute']").IsCheckedAsync(), "the chosen stance was reset to Acknowledge");
    }
}
