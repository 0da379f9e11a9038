using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

/// <summary>
/// What the steps of a truck's life have in common — check in, cancel, exit, entry, rejection: find the truck the
/// actor may see, ask the permission table, take the step, save it against concurrent changes, answer the truck.
/// </summary>
/// <remarks>
/// The steps read and decide outside the audit chain's lock (<see cref="ChainLock.AtAppend"/>): the truck's version turns
/// a concurrent change of it into a retry, and a check-in's queue number is taken when it is appended, in commit order.
/// </remarks>
public abstract class TruckStep(KhyberDb db, TimeProvider time, StatusBoard board)
{
    /// <summary>
    /// Takes <paramref name="step"/> on the truck as <paramref name="actor"/> if <paramref name="allowed"/>; the audit entry
    /// names the use case (<paramref name="action"/>) and the step's path under the truck (<paramref name="path"/>: "arrival", "exit"…).
    /// </summary>
    protected async Task<TruckView> TakeAsync(
        Actor actor, Guid id, string action, string path, Func<Actor, Truck, bool> allowed, string refusal,
        Action<Truck, DateTimeOffset, CrossingDirection> step, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.Acting(actor, action, $"trucks/{id}/{path}");
        var truck = await Concurrency.RetryAsync(db, async token =>
        {
            var truck = await db.Trucks.SingleOrDefaultAsync(t => t.Id == id, token);
            // A truck the actor may not see does not exist for them.
            if (truck is null || !Permissions.MaySeeTruck(actor, truck))
            {
                throw Problems.NotFound($"No truck {id}.");
            }
            AuthSetup.Require(allowed(actor, truck), refusal);
            var direction = await db.CrossingDirections.SingleAsync(d => d.CrossingId == truck.CrossingId && d.Direction == truck.Direction, token);
            step(truck, now, direction);
            await db.SaveChangesAsync(token);
            return truck;
        }, ct, hold: ChainLock.AtAppend);
        // The truck's place from the crossing's status, computed once for every step and reader since the change.
        var snapshot = truck.InQueue ? (await board.GetAsync(db, truck.CrossingId, ct))?.Snapshot : null;
        var messages = await TruckViews.MessagesAsync(db, actor, [truck], ct);
        return TruckViews.View(truck, snapshot, actor, messages[truck.Id]);
    }
}
