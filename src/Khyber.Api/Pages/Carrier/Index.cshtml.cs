using Khyber.Api.Crossings;
using Khyber.Api.Notices;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Carrier;

/// <summary>The carrier's portal: register a truck, its trucks with position and estimated call, the notices that affect them.</summary>
public sealed class IndexModel(ApiCall api) : KhyberPage(api)
{
    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    public IReadOnlyList<TruckView> Trucks { get; private set; } = [];

    public IReadOnlyList<NoticeView> Notices { get; private set; } = [];

    public TruckForm Form { get; private set; } = new();

    public string Name(string crossing) => Crossings.FirstOrDefault(c => c.Id == crossing)?.Name ?? crossing;

    protected override async Task LoadAsync()
    {
        Crossings = await Api.GetAsync<List<CrossingView>>("ListCrossings");
        Trucks = await Api.GetAsync<List<TruckView>>("ListTrucks");
        var active = Trucks.Where(t => t.Status is TruckStatus.Registered or TruckStatus.Waiting or TruckStatus.Called).Select(t => t.CrossingId).ToHashSet();
        var notices = await Api.GetAsync<List<NoticeView>>("ListNotices", query: new Dictionary<string, string?> { ["active"] = "true" });
        Notices = [.. notices.Where(n => active.Contains(n.CrossingId) && n.GateState != GateState.Open)];
    }

    public Task<IActionResult> OnPostRegisterAsync([FromForm(Name = "truck")] TruckForm truck)
    {
        Form = truck;
        return Act("register", () => Api.PostAsync<TruckView>("RegisterTruck", null, truck.ToRequest()), "Truck registered. Check it in when it reaches the waiting area.");
    }

    public Task<IActionResult> OnPostArrivalAsync(Guid truck) =>
        Act("trucks", () => Api.PostAsync<TruckView>("CheckInTruck", new { id = truck }), "Checked in: the truck is in the queue.");

    public Task<IActionResult> OnPostCancelAsync(Guid truck) =>
        Act("trucks", () => Api.PostAsync<TruckView>("CancelTruck", new { id = truck }), "Registration cancelled.");
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

    public string? Description { get; set; }

    public string? HsCode { get; set; }

    public string Category { get; set; } = "general";

    public decimal? ValueUsd { get; set; }

    public decimal? WeightKg { get; set; }

    public double? ShelfLifeHours { get; set; }

    public RegisterTruckRequest ToRequest() => new(
        Crossing, Direction, NoticeForm.Blank(Plate), RegistrationCountry,
        new DriverRequest(NoticeForm.Blank(DriverName), NoticeForm.Blank(DocumentNumber)),
        new CargoRequest(NoticeForm.Blank(Description), NoticeForm.Blank(HsCode), Category, ValueUsd, WeightKg, null, Category == "perishable" ? ShelfLifeHours : null));
}
