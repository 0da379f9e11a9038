using Khyber.Api.Crossings;
using Khyber.Api.Incidents;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Queue;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Officer;

/// <summary>
/// A gate officer's console: its crossing's queue in its side's departing direction, calls, exits,
/// entries and rejections, notices for its own gate, incidents — each through the API's own use case.
/// </summary>
public sealed class IndexModel(GetCrossing getCrossing, GetQueue getQueue, ListTrucks listTrucks, ListNotices listNotices) : KhyberPage
{
    public const int Shown = 40;

    public CrossingView Crossing { get; private set; } = null!;

    public Side Side => Me.Side ?? Side.PK;

    public string CrossingId => Me.CrossingId ?? "";

    /// <summary>The direction whose trucks wait on this officer's side.</summary>
    public Direction Departing => Side == Side.PK ? Direction.PkToAf : Direction.AfToPk;

    public IReadOnlyList<QueueEntryView> Queue { get; private set; } = [];

    public IReadOnlyList<TruckView> Called { get; private set; } = [];

    /// <summary>Trucks that left the other side's gate towards this side, to be entered.</summary>
    public IReadOnlyList<TruckView> Arriving { get; private set; } = [];

    public MoreLink MoreCalled { get; private set; } = new("calledAfter", null, "called-heading");

    public MoreLink MoreArriving { get; private set; } = new("arrivingAfter", null, "arriving-heading");

    [BindProperty(SupportsGet = true)]
    public string? CalledAfter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ArrivingAfter { get; set; }

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    public NoticeForm NoticeForm { get; private set; } = new();

    public IncidentForm IncidentForm { get; private set; } = new();

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Crossing = await getCrossing.HandleAsync(CrossingId, ct);
        Queue = await getQueue.HandleAsync(Me, CrossingId, Departing.Id(), ct);
        var called = await listTrucks.HandleAsync(Me, new TruckQuery(CrossingId, Departing.Id(), "called"), new PageRequest(CalledAfter, Shown), ct);
        (Called, MoreCalled) = (called.Items, MoreCalled with { Next = called.Next });
        var arriving = await listTrucks.HandleAsync(Me, new TruckQuery(CrossingId, (Departing == Direction.PkToAf ? Direction.AfToPk : Direction.PkToAf).Id(), "exited"), new PageRequest(ArrivingAfter, Shown), ct);
        (Arriving, MoreArriving) = (arriving.Items, MoreArriving with { Next = arriving.Next });
        // A crossing's notices in force or scheduled are few: all of them, page after page.
        Notices = await Paging.AllAsync(page => listNotices.HandleAsync(new NoticeQuery(CrossingId, Active: "true", Acknowledged: null), page, ct));
    }

    public Task<IActionResult> OnPostCallAsync(int count, [FromServices] CallForward call) =>
        Act("call", () => call.HandleAsync(Me, CrossingId, Departing.Id(), new CallRequest(count), HttpContext.RequestAborted), "Trucks called forward.");

    public Task<IActionResult> OnPostExitAsync(Guid truck, [FromServices] RecordExit exit) =>
        Act("trucks", () => exit.HandleAsync(Me, truck, HttpContext.RequestAborted), "Exit recorded.");

    public Task<IActionResult> OnPostEntryAsync(Guid truck, [FromServices] RecordEntry entry) =>
        Act("trucks", () => entry.HandleAsync(Me, truck, HttpContext.RequestAborted), "Entry recorded.");

    public Task<IActionResult> OnPostRejectAsync(Guid truck, string? reason, [FromServices] RejectTruck reject) =>
        Act("trucks", () => reject.HandleAsync(Me, truck, new RejectionRequest(reason), HttpContext.RequestAborted), "Truck rejected.");

    public Task<IActionResult> OnPostNoticeAsync([FromForm(Name = "notice")] NoticeForm notice, [FromServices] IssueNotice issue)
    {
        NoticeForm = notice;
        return Act("notice", () => issue.HandleAsync(Me, CrossingId, notice.ToRequest(Display.ZoneOf(Side)), HttpContext.RequestAborted), "Notice issued.");
    }

    public Task<IActionResult> OnPostIncidentAsync([FromForm(Name = "incident")] IncidentForm incident, [FromServices] LogIncident log)
    {
        IncidentForm = incident;
        return Act("incident", () => log.HandleAsync(Me, incident.ToRequest(CrossingId, Side, Display.ZoneOf(Side)), HttpContext.RequestAborted), "Incident logged.");
    }
}
