using Khyber.Api.Crossings;
using Khyber.Api.Incidents;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Queue;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Officer;

/// <summary>
/// A gate officer's console: its crossing's queue in its side's departing direction, calls, exits,
/// entries and rejections, notices for its own gate, incidents.
/// </summary>
public sealed class IndexModel(ApiCall api) : KhyberPage(api)
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

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    public NoticeForm NoticeForm { get; private set; } = new();

    public IncidentForm IncidentForm { get; private set; } = new();

    protected override async Task LoadAsync()
    {
        Crossing = await Api.GetAsync<CrossingView>("GetCrossing", new { id = CrossingId });
        Queue = await Api.GetAsync<List<QueueEntryView>>("GetQueue", new { id = CrossingId, direction = Departing.Id() });
        Called = await Trucks(Departing, "called");
        Arriving = await Trucks(Departing == Direction.PkToAf ? Direction.AfToPk : Direction.PkToAf, "exited");
        Notices = await Api.GetAsync<List<NoticeView>>("ListNotices", query: new Dictionary<string, string?> { ["crossing"] = CrossingId, ["active"] = "true" });
    }

    private Task<List<TruckView>> Trucks(Direction direction, string status) =>
        Api.GetAsync<List<TruckView>>("ListTrucks", query: new Dictionary<string, string?> { ["crossing"] = CrossingId, ["direction"] = direction.Id(), ["status"] = status });

    public Task<IActionResult> OnPostCallAsync(int count) =>
        Act("call", () => Api.PostAsync<List<TruckView>>("CallForward", new { id = CrossingId, direction = Departing.Id() }, new CallRequest(count)), "Trucks called forward.");

    public Task<IActionResult> OnPostExitAsync(Guid truck) =>
        Act("trucks", () => Api.PostAsync<TruckView>("RecordExit", new { id = truck }), "Exit recorded.");

    public Task<IActionResult> OnPostEntryAsync(Guid truck) =>
        Act("trucks", () => Api.PostAsync<TruckView>("RecordEntry", new { id = truck }), "Entry recorded.");

    public Task<IActionResult> OnPostRejectAsync(Guid truck, string? reason) =>
        Act("trucks", () => Api.PostAsync<TruckView>("RejectTruck", new { id = truck }, new RejectionRequest(reason)), "Truck rejected.");

    public Task<IActionResult> OnPostNoticeAsync([FromForm(Name = "notice")] NoticeForm notice)
    {
        NoticeForm = notice;
        return Act("notice", () => Api.PostAsync<NoticeView>("IssueNotice", new { id = CrossingId }, notice.ToRequest(Display.ZoneOf(Side))), "Notice issued.");
    }

    public Task<IActionResult> OnPostIncidentAsync([FromForm(Name = "incident")] IncidentForm incident)
    {
        IncidentForm = incident;
        return Act("incident", () => Api.PostAsync<IncidentView>("LogIncident", null, incident.ToRequest(CrossingId, Side, Display.ZoneOf(Side))), "Incident logged.");
    }
}
