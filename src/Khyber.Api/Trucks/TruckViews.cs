using Khyber.Api.Crossings;
using Khyber.Domain;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Trucks;

public sealed record DriverView(string Name, string DocumentNumber);

public sealed record CargoView(string Description, string HsCode, CargoCategory Category, decimal ValueUsd, decimal WeightKg, DateTimeOffset? SpoilsAt);

public sealed partial record TruckView(
    Guid Id,
    string CrossingId,
    string Direction,
    string Plate,
    string RegistrationCountry,
    string CarrierId,
    DriverView Driver,
    CargoView Cargo,
    TruckStatus Status,
    int? Position,
    DateTimeOffset? EstimatedCallAt,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? CalledAt,
    DateTimeOffset? ExitedAt,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? RejectedAt,
    string? RejectionReason,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? SpoiledAt,
    int NoShows);

public static class TruckViews
{
    public static TruckView View(Truck t, CrossingSnapshot? snapshot)
    {
        var slot = snapshot?.PositionOf(t);
        return new TruckView(
            t.Id, t.CrossingId, t.Direction.Id(), t.Plate, t.RegistrationCountry, t.CarrierId,
            new DriverView(t.DriverName, t.DriverDocumentNumber),
            new CargoView(t.CargoDescription, t.HsCode, t.Category, t.ValueUsd, t.WeightKg, t.SpoilsAt),
            t.Status, slot?.Position, slot?.EstimatedCallAt,
            t.RegisteredAt, t.ArrivedAt, t.WaitingSince, t.CalledAt, t.ExitedAt, t.EnteredAt, t.RejectedAt, t.RejectionReason,
            t.CancelledAt, t.SpoiledAt, t.NoShows);
    }
}
