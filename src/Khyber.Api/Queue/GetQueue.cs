using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Trucks;
using Khyber.Storage;

namespace Khyber.Api.Queue;

/// <summary>A waiting truck's place in its direction's queue.</summary>
public sealed record QueueEntryView(
    Guid TruckId,
    int Position,
    string Plate,
    CargoCategory Category,
    DateTimeOffset WaitingSince,
    DateTimeOffset? EstimatedCallAt,
    DateTimeOffset? SpoilsAt,
    string CarrierId,
    decimal ValueUsd);

/// <summary>The waiting trucks of a direction in call order, with positions and estimated call times: for the crossing's officers and the liaisons.</summary>
public sealed class GetQueue(KhyberDb db, StatusBoard board) : IUseCase
{
    public async Task<List<QueueEntryView>> HandleAsync(Actor actor, string crossingId, string direction, CancellationToken ct)
    {
        var dir = QueueEndpoints.ParseDirection(direction);
        var snapshot = (await board.GetAsync(db, crossingId, ct))?.Snapshot ?? throw Problems.NotFound($"No crossing '{crossingId}'.");
        AuthSetup.Require(Permissions.MaySeeQueue(actor, crossingId), "Only officers of this crossing and liaisons see its queue.");
        var trucks = snapshot.WaitingIn(dir).ToDictionary(t => t.Id);
        return snapshot.Positions(dir)
            .Select(s => trucks[s.Truck.Id] is var t
                ? new QueueEntryView(t.Id, s.Position, t.Plate, t.Category, t.WaitingSince ?? t.RegisteredAt, s.EstimatedCallAt, t.SpoilsAt, t.CarrierId, t.ValueUsd)
                : null!)
            .ToList();
    }
}
