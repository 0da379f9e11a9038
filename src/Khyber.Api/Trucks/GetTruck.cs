using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Queue;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

/// <summary>One truck with its status, queue position and estimated call time — and the trucks called ahead of it, by rule — for those who may see it.</summary>
public sealed class GetTruck(KhyberDb db, StatusBoard board) : IUseCase
{
    public async Task<TruckView> HandleAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var truck = await db.Trucks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        // A truck the caller may not see does not exist for them.
        if (truck is null || !Permissions.MaySeeTruck(actor, truck))
        {
            throw Problems.NotFound($"No truck {id}.");
        }
        var snapshot = truck.InQueue ? (await board.GetAsync(db, truck.CrossingId, ct))?.Snapshot : null;
        var messages = await TruckViews.MessagesAsync(db, actor, [truck], ct);
        var calledAhead = (await CallLog.ExplainAsync(db, [truck], ct)).GetValueOrDefault(truck.Id) is { } why ? CalledAheadView.Of(why, truck.WaitingSince ?? truck.RegisteredAt) : null;
        return TruckViews.View(truck, snapshot, actor, messages[truck.Id]) with { CalledAhead = calledAhead };
    }
}
