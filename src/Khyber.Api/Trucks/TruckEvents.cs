using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Trucks;
using Khyber.Storage;

namespace Khyber.Api.Trucks;

/// <summary>The "truck" event: something happened to a truck that its carrier wants to hear of at once (called, sent back, spoiled).</summary>
public static class TruckEvents
{
    public static void Publish(KhyberDb db, Truck truck, string change, DateTimeOffset now) =>
        Events.Publish(db, EventTypes.Truck, truck.CrossingId, truck.Direction.DepartureSide().ToString(), truck.Id.ToString(), new
        {
            truckId = truck.Id,
            change,
            plate = truck.Plate,
            carrierId = truck.CarrierId,
            crossingId = truck.CrossingId,
            direction = truck.Direction.Id(),
            status = truck.Status,
        }, now);
}
