using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

/// <summary>Which trucks to list: by crossing, direction and status, each optional.</summary>
public sealed record TruckQuery(string? Crossing = null, string? Direction = null, string? Status = null);

/// <summary>
/// Trucks, latest registered first (ties by id), a page at a time: a carrier sees its own, an officer its crossing's,
/// liaisons and administrators all.
/// </summary>
public sealed class ListTrucks(KhyberDb db, StatusBoard board) : IUseCase
{
    public async Task<Page<TruckView>> HandleAsync(Actor actor, TruckQuery q, PageRequest page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        Direction? direction = null;
        if (q.Direction is not null)
        {
            direction = errors.Require(Directions.TryParse(q.Direction, out var d), "direction", "Must be PK-AF or AF-PK.") ? d : null;
        }
        TruckStatus? status = null;
        if (q.Status is not null)
        {
            status = errors.Require(Kebab.TryParse<TruckStatus>(q.Status, out var s), "status", $"One of {Kebab.Words<TruckStatus>()}.") ? s : null;
        }
        var limit = Paging.Limit(page.Limit, errors);
        Problems.ThrowIfAny(errors);
        var after = Paging.After<TimeKey>(page.After);
        AuthSetup.Require(Permissions.MayListTrucksOf(actor, q.Crossing), "Officers see the trucks of their own crossing.");

        var query = db.Trucks.AsNoTracking();
        query = actor.Role switch
        {
            Role.Carrier => query.Where(t => t.CarrierId == actor.CarrierId),
            Role.Officer => query.Where(t => t.CrossingId == actor.CrossingId),
            _ => query,
        };
        if (q.Crossing is not null)
        {
            query = query.Where(t => t.CrossingId == q.Crossing);
        }
        if (direction is not null)
        {
            query = query.Where(t => t.Direction == direction);
        }
        if (status is not null)
        {
            query = query.Where(t => t.Status == status);
        }
        if (after is not null)
        {
            query = query.Where(t => t.RegisteredAt < after.At || (t.RegisteredAt == after.At && t.Id.CompareTo(after.Id) < 0));
        }
        var trucks = await Paging.ReadAsync(query.OrderByDescending(t => t.RegisteredAt).ThenByDescending(t => t.Id), limit, t => new TimeKey(t.RegisteredAt, t.Id), ct);
        var snapshots = new Dictionary<string, CrossingSnapshot?>();
        foreach (var id in trucks.Items.Where(t => t.InQueue).Select(t => t.CrossingId).Distinct())
        {
            snapshots[id] = (await board.GetAsync(db, id, ct))?.Snapshot;
        }
        var messages = await TruckViews.MessagesAsync(db, actor, trucks.Items, ct);
        return trucks.Select(t => TruckViews.View(t, snapshots.GetValueOrDefault(t.CrossingId), actor, messages[t.Id]));
    }
}
