using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Trucks;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Carrier;

/// <summary>
/// The carrier's portal: register a truck, its trucks with position and estimated call, the notices that affect them —
/// each through the API's own use case, so a registration here counts against the same rate limit as one through the API.
/// </summary>
public sealed class IndexModel(ListCrossings listCrossings, ListTrucks listTrucks, ListNotices listNotices, ExplainTrucks explainTrucks) : KhyberPage
{
    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    public const int TrucksShown = 50;

    public IReadOnlyList<TruckView> Trucks { get; private set; } = [];

    /// <summary>Where the list of trucks goes on, if it does.</summary>
    public MoreLink MoreTrucks { get; private set; } = new("after", null, "my-trucks-heading");

    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    /// <summary>For each truck of the page in the queue: the trucks called ahead of it since it checked in, by rule.</summary>
    public IReadOnlyDictionary<Guid, CalledAheadView> CalledAhead { get; private set; } = new Dictionary<Guid, CalledAheadView>();

    public TruckForm Form { get; private set; } = new();

    public string Name(string crossing) => Crossings.FirstOrDefault(c => c.Id == crossing)?.Name ?? crossing;

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Crossings = await listCrossings.HandleAsync(ct);
        var trucks = await listTrucks.HandleAsync(Me, new TruckQuery(), new PageRequest(After, TrucksShown), ct);
        Trucks = trucks.Items;
        MoreTrucks = MoreTrucks with { Next = trucks.Next };
        CalledAhead = await explainTrucks.HandleAsync(Me, [.. Trucks.Where(t => t.Status is TruckStatus.Waiting or TruckStatus.Called).Select(t => t.Id)], ct);
        // The closures shown are those at crossings where any of the carrier's trucks is still on its way, not only the trucks of this page.
        var active = new HashSet<string>();
        foreach (var status in new[] { "registered", "waiting", "called" })
        {
            active.UnionWith((await Paging.AllAsync(page => listTrucks.HandleAsync(Me, new TruckQuery(Status: status), page, ct))).Select(t => t.CrossingId));
        }
        var notices = await Paging.AllAsync(page => listNotices.HandleAsync(new NoticeQuery(null, Active: "true", Acknowledged: null), page, ct));
        Notices = [.. notices.Where(n => active.Contains(n.CrossingId) && n.GateState != GateState.Open)];
    }

    public Task<IActionResult> OnPostRegisterAsync([FromForm(Name = "truck")] TruckForm truck, [FromServices] RegisterTruck register)
    {
        Form = truck;
        return Act("register", () => register.HandleAsync(Me, HttpContext.CallerAddress(), truck.ToRequest(), HttpContext.RequestAborted),
            "Truck registered. Check it in when it reaches the waiting area.");
    }

    public Task<IActionResult> OnPostArrivalAsync(Guid truck, [FromServices] CheckInTruck checkIn) =>
        Act("trucks", () => checkIn.HandleAsync(Me, truck, HttpContext.RequestAborted), "Checked in: the truck is in the queue.");

    public Task<IActionResult> OnPostCancelAsync(Guid truck, [FromServices] CancelTruck cancel) =>
        Act("trucks", () => cancel.HandleAsync(Me, truck, HttpContext.RequestAborted), "Registration cancelled.");
}
/// <summary>The truck registration form as posted.</summary>
public sealed class TruckForm
{
    public string Crossing { get; set; } = "torkham";

    public string Direction { get; set; } = "PK-AF";

    public string? Plate { get; set; }

    public string RegistrationCountry { get; set; } = "PK";

    public string? DriverName { get; set; }

    public string? DocumentNumber { get; set; }

    /// <summary>The driver's mobile number; optional (without it no text is sent).</summary>
    public string? DriverPhone { get; set; }

    /// <summary>en, ur, ps or fa-AF; blank for the language of the phone's country.</summary>
    public string? DriverLanguage { get; set; }

    public string? Description { get; set; }

    public string? HsCode { get; set; }

    public string Category { get; set; } = "general";

    public decimal? ValueUsd { get; set; }

    public decimal? WeightKg { get; set; }

    public double? ShelfLifeHours { get; set; }

    public RegisterTruckRequest ToRequest() => new(
        Crossing, Direction, NoticeForm.Blank(Plate), RegistrationCountry,
        new DriverRequest(NoticeForm.Blank(DriverName), NoticeForm.Blank(DocumentNumber), NoticeForm.Blank(DriverPhone), NoticeForm.Blank(DriverLanguage)),
        new CargoRequest(NoticeForm.Blank(Description), NoticeForm.Blank(HsCode), Category, ValueUsd, WeightKg, null, Category == "perishable" ? ShelfLifeHours : null));
}

/// <summary>What the explanation of one truck's place needs: where to find its calls in the public log, and the counts.</summary>
public sealed record CalledAheadFor(string CrossingId, string Direction, CalledAheadView Why);
