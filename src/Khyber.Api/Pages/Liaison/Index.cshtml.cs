using Khyber.Api.Crossings;
using Khyber.Api.Exports;
using Khyber.Api.Incidents;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>
/// A liaison's desk: the other side's notices awaiting acknowledgement (and its own awaiting the other's),
/// incidents to answer, and notices and incidents to issue for any crossing — each through the API's own use case.
/// </summary>
public sealed class IndexModel(ListCrossings listCrossings, ListNotices listNotices, ListIncidents listIncidents, TimeProvider time) : KhyberPage
{
    public const int IncidentsShown = 30;

    public Side Side => Me.Side ?? Side.PK;

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    /// <summary>The other side's notices this liaison has not yet acknowledged, oldest first.</summary>
    public IReadOnlyList<NoticeView> ToAcknowledge { get; private set; } = [];

    /// <summary>This side's notices the other side has not yet acknowledged.</summary>
    public IReadOnlyList<NoticeView> Unanswered { get; private set; } = [];

    public IReadOnlyList<IncidentView> Incidents { get; private set; } = [];

    /// <summary>Where the list of incidents goes on, if it does.</summary>
    public MoreLink MoreIncidents { get; private set; } = new("incidentsAfter", null, "incidents-heading");

    [BindProperty(SupportsGet = true)]
    public string? IncidentsAfter { get; set; }

    public NoticeForm NoticeForm { get; private set; } = new() { Crossing = "torkham" };

    public IncidentForm IncidentForm { get; private set; } = new() { Crossing = "torkham" };

    private ExportForm? _exportForm;

    /// <summary>The export form as sent, or as first shown: the last seven days.</summary>
    public ExportForm ExportForm => _exportForm ??= ExportForm.LastWeek(time.GetUtcNow());

    /// <summary>The answer last sent, kept so that a refused one is shown again as typed, beside its incident.</summary>
    public AnswerSent? Answer { get; private set; }

    /// <summary>The name of an incident's answer form, for the messages that belong to it.</summary>
    public static string AnswerForm(Guid incident) => $"respond:{incident}";

    public string Name(string crossing) => Crossings.FirstOrDefault(c => c.Id == crossing)?.Name ?? crossing;

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Crossings = await listCrossings.HandleAsync(ct);
        // Every notice still awaiting acknowledgement, page after page: the desk's work is to clear them all.
        var pending = await Paging.AllAsync(page => listNotices.HandleAsync(new NoticeQuery(null, Active: "true", Acknowledged: "false"), page, ct));
        var mine = Side.ToString();
        ToAcknowledge = [.. pending.Where(n => n.Side != mine).OrderBy(n => n.IssuedAt)];
        Unanswered = [.. pending.Where(n => n.Side == mine).OrderBy(n => n.IssuedAt)];
        var incidents = await listIncidents.HandleAsync(null, new PageRequest(IncidentsAfter, IncidentsShown), ct);
        // The other side's incidents of this page (the page may hold fewer once this side's own are left out).
        Incidents = [.. incidents.Items.Where(i => i.Side != mine)];
        MoreIncidents = MoreIncidents with { Next = incidents.Next };
    }

    public Task<IActionResult> OnPostAcknowledgeAsync(Guid notice, [FromServices] AcknowledgeNotice acknowledge) =>
        Act("acknowledge", () => acknowledge.HandleAsync(Me, notice, HttpContext.RequestAborted), "Notice acknowledged.");

    public Task<IActionResult> OnPostRespondAsync(Guid incident, string? stance, string? statement, [FromServices] RespondToIncident respond)
    {
        Answer = new AnswerSent(incident, stance, statement);
        return Act(AnswerForm(incident), () => respond.HandleAsync(Me, incident, new IncidentResponseRequest(stance, statement), HttpContext.RequestAborted), "Response recorded.");
    }

    /// <summary>Downloads the export the form asks for, or shows the page with the refusal beside the form.</summary>
    public async Task<IActionResult> OnGetExportAsync([FromQuery(Name = "export")] ExportForm export, [FromServices] ExportCsv exportCsv)
    {
        _exportForm = export;
        try
        {
            return await exportCsv.HandleAsync(Me, export.Crossing ?? "", export.Kind, export.ToQuery(), HttpContext.RequestAborted);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "export");
        }
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

/// <summary>The export form as sent: crossing, kind, days (yyyy-mm-dd, as a date input gives them) and, for trucks, which ones.</summary>
public sealed class ExportForm
{
    public string? Crossing { get; set; } = "torkham";

    public string? Kind { get; set; } = "trucks";

    public string? Status { get; set; } = "crossed";

    public string? From { get; set; }

    public string? To { get; set; }

    /// <summary>The form as first shown: the last seven days (UTC), today included.</summary>
    public static ExportForm LastWeek(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return new()
        {
            From = today.AddDays(-6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            To = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The status applies to trucks only; "all" (empty) asks for every truck registered in the range.</summary>
    public ExportQuery ToQuery() => new(From, To, Kind == "trucks" && !string.IsNullOrEmpty(Status) ? Status : null);
}
