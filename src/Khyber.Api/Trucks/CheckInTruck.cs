using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Trucks;

/// <summary>The truck has arrived at the waiting area: it joins its direction's queue and gets a position.</summary>
public sealed class CheckInTruck(KhyberDb db, TimeProvider time, StatusBoard board) : TruckStep(db, time, board), IUseCase
{
    public Task<TruckView> HandleAsync(Actor actor, Guid id, CancellationToken ct) =>
        TakeAsync(actor, id, nameof(CheckInTruck), "arrival", Permissions.MayCheckIn, "Only the truck's carrier or the departure side's officer checks it in.",
            (truck, now, direction) => truck.CheckIn(direction.NextQueueNumber++, now), ct);
}
