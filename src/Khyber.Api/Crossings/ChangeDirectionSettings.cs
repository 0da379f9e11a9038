using Khyber.Api.Infrastructure;
using Khyber.Api.Queue;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>What an administrator may change of a direction; fields left out stay as they are. <c>confirm</c> applies a change that would strand called trucks.</summary>
public sealed record DirectionSettingsRequest(int? LanesOpen, int? LanesMax, double? TrucksPerLanePerHour, double? PerishableShare, double? AgeingBoundHours, bool? Confirm = null);

public sealed record DirectionSettingsView(
    string CrossingId, string Direction, int LanesOpen, int LanesMax, double TrucksPerLanePerHour, double CapacityPerHour, double PerishableShare, double AgeingBoundHours);

/// <summary>
/// An administrator changes a direction's lanes (open and maximum), capacity per lane and queue policy; audited and announced.
/// The same rules as the whole crossing's settings (<see cref="ChangeCrossing"/>): the fields sent, laid over the direction
/// as it is, must make a valid direction, and a change that strands called trucks is refused until confirmed.
/// </summary>
public sealed class ChangeDirectionSettings(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int MaxLanes = CrossingRules.MaxLanes;

    public async Task<DirectionSettingsView> HandleAsync(Actor actor, string id, string direction, DirectionSettingsRequest r, CancellationToken ct)
    {
        var dir = QueueEndpoints.ParseDirection(direction);
        if (!await db.Crossings.AnyAsync(c => c.Id == id, ct))
        {
            throw Problems.NotFound($"No crossing '{id}'.");
        }
        AuthSetup.Require(Permissions.MayConfigureCrossings(actor), "Lanes, capacities and queue policies are set by an administrator.");
        var now = time.GetUtcNow();
        db.Acting(actor, nameof(ChangeDirectionSettings), $"crossings/{id}/directions/{dir.Id()}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var crossing = await db.Crossings.Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().SingleAsync(c => c.Id == id, token);
            var config = crossing.DirectionOf(dir);
            var errors = new FieldErrors();
            errors.Require(r is not { LanesOpen: null, LanesMax: null, TrucksPerLanePerHour: null, PerishableShare: null, AgeingBoundHours: null }, "body", "Name at least one setting to change.");
            // Fewer lanes than are open now is the maximum's fault when the lanes open were not sent.
            errors.Require(r.LanesOpen is not null || r.LanesMax is not (>= 1 and <= MaxLanes) || config.LanesOpen <= r.LanesMax, "lanesMax",
                $"Below the {config.LanesOpen} lanes open now: close lanes first, or send lanesOpen too.");
            var terms = errors.Any ? null : CrossingRules.CheckDirection(
                new DirectionDraft(dir.Id(), r.LanesOpen ?? config.LanesOpen, r.LanesMax ?? config.LanesMax, r.TrucksPerLanePerHour ?? config.TrucksPerLanePerHour,
                    r.PerishableShare ?? config.PerishableShare, r.AgeingBoundHours ?? config.AgeingBoundHours),
                "", errors);
            Problems.ThrowIfAny(errors);

            var called = await CalledTrucks.BeforeChangeAsync(db, crossing, now, token);
            var changed = config.Apply(terms! with { Direction = dir });
            called.Settle(db, crossing, r.Confirm == true, now);
            var result = CrossingSettings.Direction(id, config);
            if (!changed)
            {
                // Setting what is already set changes nothing: nothing to record, nothing to announce.
                return result;
            }
            crossing.UpdatedAt = now;
            var notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == id).ToListAsync(token);
            StatusEvent.Publish(db, crossing, notices, StatusReason.Lanes, null, now, direction: dir);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
    }
}
