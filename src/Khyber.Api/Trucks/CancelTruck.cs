using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Trucks;

/// <summary>The carrier withdraws a registration; the plate is free again.</summary>
public sealed class CancelTruck(KhyberDb db, TimeProvider time, StatusBoard board) : TruckStep(db, time, board), IUseCase
{
    public Task<TruckView> HandleAsync(Actor actor, Guid id, CancellationToken ct) =>
        TakeAsync(actor, id, nameof(CancelTruck), "cancellation", Permissions.MayCancel, "Only the truck's carrier may cancel its registration.",
            (truck, now, _) => truck.Cancel(now), ct);
}
