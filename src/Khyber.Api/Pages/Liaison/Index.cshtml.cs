using Khyber.Api.Crossings;
using Khyber.Api.Incidents;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>
/// A liaison's desk: the other side's notices awaiting acknowledgement (and its own awaiting the other's),
/// incidents to answer, and notices and incidents to issue for any crossing.
/// </summary>
public sealed class IndexModel(ApiCall api) : KhyberPage(api)
{
    public Side Side => Me.Side ?? Side.PK;

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    /// <summary>The other side's notices this liaison has not yet acknowledged, oldest first.</summary>
    public IReadOnlyList<NoticeView> ToAcknowledge { get; private set; } = [];

    /// <summary>This side's notices the other side has not yet acknowledged.</summary>
    public IReadOnlyList<NoticeView> Unanswered { get; private set; } = [];

    public IReadOnlyList<IncidentView> Incidents { get; private set; } = [];

    public NoticeForm NoticeForm { get; private set; } = new() { Crossing = "torkham" };

    public IncidentForm IncidentForm { get; private set; } = new() { Crossing = "torkham" };

    public string Name(string crossing) => Crossings.FirstOrDefault(c => c.Id == crossing)?.Name ?? crossing;

    protected override async Task LoadAsync()
    {
        Crossings = await Api.GetAsync<List<CrossingView>>("ListCrossings");
        var pending = await Api.GetAsync<List<NoticeView>>("ListNotices", query: new Dictionary<string, string?> { ["active"] = "true", ["acknowledged"] = "false" });
        var mine = Side.ToString();
        ToAcknowledge = [.. pending.Where(n => n.Side != mine).OrderBy(n => n.IssuedAt)];
        Unanswered = [.. pending.Where(n => n.Side == mine).OrderBy(n => n.IssuedAt)];
        var incidents = await Api.GetAsync<List<IncidentView>>("ListIncidents");
        Incidents = [.. incidents.Where(i => i.Side != mine).Take(30)];
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid notice) =>
        Act("acknowledge", () => Api.PostAsync<AcknowledgementView>("AcknowledgeNotice", new { id = notice }), "Notice acknowledged.");

    public Task<IActionResult> OnPostRespondAsync(Guid incident, string? stance, string? statement) =>
        Act("respond", () => Api.PostAsync<IncidentResponseView>("RespondToIncident", new { id = incident }, new IncidentResponseRequest(stance, statement)), "Response recorded.");

    public Task<IActionResult> OnPostNoticeAsync([FromForm(Name = "notice")] NoticeForm notice)
    {
        NoticeForm = notice;
        return Act("notice", () => Api.PostAsync<NoticeView>("IssueNotice", new { id = notice.Crossing }, notice.ToRequest(Display.ZoneOf(Side))), "Notice issued.");
    }

    public Task<IActionResult> OnPostIncidentAsync([FromForm(Name = "incident")] IncidentForm incident)
    {
        IncidentForm = incident;
        return Act("incident", () => Api.PostAsync<IncidentView>("LogIncident", null, incident.ToRequest(incident.Crossing ?? "", Side, Display.ZoneOf(Side))), "Incident logged.");
    }
}
