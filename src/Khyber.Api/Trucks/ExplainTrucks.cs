using Khyber.Api.Infrastructure;
using Khyber.Api.Queue;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

/// <summary>
/// For a list of trucks (a carrier's page): what explains the place of each that the actor may see and that has one —
/// the trucks called ahead of it since it joined the queue, by rule — read from the call log in one query per direction.
/// </summary>
public sealed class ExplainTrucks(KhyberDb db) : IUseCase
{
    public async Task<Dictionary<Guid, CalledAheadView>> HandleAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var trucks = (await db.Trucks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync(ct)).Where(t => Permissions.MaySeeTruck(actor, t)).ToList();
        var explained = await CallLog.ExplainAsync(db, trucks, ct);
        return trucks.Where(t => explained.ContainsKey(t.Id)).ToDictionary(t => t.Id, t => CalledAheadView.Of(explained[t.Id], t.WaitingSince ?? t.RegisteredAt));
    }
}
