using Khyber.Api.Infrastructure;
using Khyber.Api.Queue;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>What an administrator may change of a direction; fields left out stay as they are.</summary>
public sealed record DirectionSettingsRequest(int? LanesOpen, int? LanesMax, double? TrucksPerLanePerHour, double? PerishableShare, double? AgeingBoundHours);

public sealed record DirectionSettingsView(
    string CrossingId, string Direction, int LanesOpen, int LanesMax, double TrucksPerLanePerHour, double CapacityPerHour, double PerishableShare, double AgeingBoundHours);

/// <summary>An administrator changes a direction's lanes (open and maximum), capacity per lane and queue policy; audited and announced.</summary>
public sealed class ChangeDirectionSettings(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int MaxLanes = 20;

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
            var crossing = await db.Crossings.Include(c => c.Directions).SingleAsync(c => c.Id == id, token);
            var config = crossing.DirectionOf(dir);
            var lanesMax = r.LanesMax ?? config.LanesMax;
            var errors = new FieldErrors();
            errors.Require(r.LanesMax is null or (>= 1 and <= MaxLanes), "lanesMax", $"Between 1 and {MaxLanes}.");
            errors.Require(r.LanesOpen is null || (r.LanesOpen >= 0 && r.LanesOpen <= lanesMax), "lanesOpen", $"Between 0 and the direction's maximum ({lanesMax}).");
            errors.Require(r.LanesOpen is not null || r.LanesMax is null || config.LanesOpen <= lanesMax, "lanesMax", $"Below the {config.LanesOpen} lanes open now: close lanes first, or send lanesOpen too.");
            errors.Require(r.TrucksPerLanePerHour is null or (> 0 and <= 120), "trucksPerLanePerHour", "More than 0 and at most 120.");
            errors.Require(r.PerishableShare is null or (>= 0 and <= 1), "perishableShare", "The share of calls between 0 and 1 (0.4 is two calls in five).");
            errors.Require(r.AgeingBoundHours is null or (>= 1 and <= 720), "ageingBoundHours", "Between 1 and 720 hours.");
            errors.Require(r is not { LanesOpen: null, LanesMax: null, TrucksPerLanePerHour: null, PerishableShare: null, AgeingBoundHours: null }, "body", "Name at least one setting to change.");
            Problems.ThrowIfAny(errors);

            var unchanged = config.LanesMax == lanesMax
                && config.LanesOpen == (r.LanesOpen ?? config.LanesOpen)
                && config.TrucksPerLanePerHour.Equals(r.TrucksPerLanePerHour ?? config.TrucksPerLanePerHour)
                && config.PerishableShare.Equals(r.PerishableShare ?? config.PerishableShare)
                && config.AgeingBoundHours.Equals(r.AgeingBoundHours ?? config.AgeingBoundHours);
            config.LanesMax = lanesMax;
            config.LanesOpen = r.LanesOpen ?? config.LanesOpen;
            config.TrucksPerLanePerHour = r.TrucksPerLanePerHour ?? config.TrucksPerLanePerHour;
            config.PerishableShare = r.PerishableShare ?? config.PerishableShare;
            config.AgeingBoundHours = r.AgeingBoundHours ?? config.AgeingBoundHours;
            var result = new DirectionSettingsView(id, dir.Id(), config.LanesOpen, config.LanesMax, config.TrucksPerLanePerHour, config.CapacityPerHour, config.PerishableShare, config.AgeingBoundHours);
            if (unchanged)
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
