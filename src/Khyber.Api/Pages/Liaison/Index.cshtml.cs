using Khyber.Api.Crossings;
using Khyber.Api.Incidents;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>
/// A liaison's desk: the other side's notices awaiting acknowledgement (and its own awaiting the other's),
/// incidents to answer, and notices and incidents to issue for any crossing — each through the API's own use case.
/// </summary>
public sealed class IndexModel(ListCrossings listCrossings, ListNotices listNotices, ListIncidents listIncidents) : KhyberPage
{
    public const int IncidentsShown = 30;

    public Side Side => Me.Side ?? Side.PK;

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    /// <summary>The other side's notices this liaison has not yet acknowledged, oldest first.</summary>
    public IReadOnlyList<NoticeView> ToAcknowledge { get; private set; } = [];

    /// <summary>This side's notices the other side has not yet acknowledged.</summary>
    public IReadOnlyList<NoticeView> Unanswered { get; private set; } = [];

    public IReadOnlyList<IncidentView> Incidents { get; private set; } = [];

    public NoticeForm NoticeForm { get; private set; } = new() { Crossing = "torkham" };

    public IncidentForm IncidentForm { get; private set; } = new() { Crossing = "torkham" };

    /// <summary>The answer last sent, kept so that a refused one is shown again as typed, beside its incident.</summary>
    public AnswerSent? Answer { get; private set; }

    /// <summary>The name of an incident's answer form, for the messages that belong to it.</summary>
    public static string AnswerForm(Guid incident) => $"respond:{incident}";

    public string Name(string crossing) => Crossings.FirstOrDefault(c => c.Id == crossing)?.Name ?? crossing;

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Crossings = await listCrossings.HandleAsync(ct);
        var pending = await listNotices.HandleAsync(new NoticeQuery(null, Active: "true", Acknowledged: "false"), ct);
        var mine = Side.ToString();
        ToAcknowledge = [.. pending.Where(n => n.Side != mine).OrderBy(n => n.IssuedAt)];
        Unanswered = [.. pending.Where(n => n.Side == mine).OrderBy(n => n.IssuedAt)];
        var incidents = await listIncidents.HandleAsync(null, ct);
        Incidents = [.. incidents.Where(i => i.Side != mine).Take(IncidentsShown)];
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid notice, [FromServices] AcknowledgeNotice acknowledge) =>
        Act("acknowledge", () => acknowledge.HandleAsync(Me, notice, HttpContext.RequestAborted), "Notice acknowledged.");

    public Task<IActionResult> OnPostRespondAsync(Guid incident, string? stance, string? statement, [FromServices] RespondToIncident respond)
    {
        Answer = new AnswerSent(incident, stance, statement);
        return Act(AnswerForm(incident), () => respond.HandleAsync(Me, incident, new IncidentResponseRequest(stance, statement), HttpContext.RequestAborted), "Response recorded.");
    }

    public Task<IActionResult> OnPostNoticeAsync([FromForm(Name = "notice")] NoticeForm notice, [FromServices] IssueNotice issue)
    {
        NoticeForm = notice;
        return Act("notice", () => issue.HandleAsync(Me, notice.Crossing ?? "", notice.ToRequest(Display.ZoneOf(Side)), HttpContext.RequestAborted), "Notice issued.");
    }

    public Task<IActionResult> OnPostIncidentAsync([FromForm(Name = "incident")] IncidentForm incident, [FromServices] LogIncident log)
    {
        IncidentForm = incident;
        return Act("incident", () => log.HandleAsync(Me, incident.ToRequest(incident.Crossing ?? "", Side, Display.ZoneOf(Side)), HttpContext.RequestAborted), "Incident logged.");
    }
}

/// <summary>An answer to an incident as the liaison sent it.</summary>
public sealed record AnswerSent(Guid Incident, string? Stance, string? Statement);
