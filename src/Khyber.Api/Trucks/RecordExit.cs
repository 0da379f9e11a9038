using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Trucks;

/// <summary>The departure side's officer records that a called truck has left through its gate.</summary>
public sealed class RecordExit(KhyberDb db, TimeProvider time, StatusBoard board) : TruckStep(db, time, board), IUseCase
{
    public Task<TruckView> HandleAsync(Actor actor, Guid id, CancellationToken ct) =>
        TakeAsync(actor, id, nameof(RecordExit), "exit", Permissions.MayRecordExit, "Only an officer of the departure side at this crossing records an exit.",
            (truck, now, _) => truck.Exit(actor.UserName, now), ct);
}
