using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Trucks;

/// <summary>The arrival side's officer records that the truck has entered.</summary>
public sealed class RecordEntry(KhyberDb db, TimeProvider time, StatusBoard board) : TruckStep(db, time, board), IUseCase
{
    public Task<TruckView> HandleAsync(Actor actor, Guid id, CancellationToken ct) =>
        TakeAsync(actor, id, nameof(RecordEntry), "entry", Permissions.MayRecordEntry, "Only an officer of the arrival side at this crossing records an entry.",
            (truck, now, _) => truck.Enter(actor.UserName, now), ct);
}
