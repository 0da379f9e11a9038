using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

public sealed record SideView(string Country, string Authority, string TimeZone, GateState GateState);

public sealed record EstimatedWait(double? General, double? Perishable);

public sealed record DirectionView(
    string Id,
    GateState State,
    DateTimeOffset? Since,
    ReasonCategory? ReasonCategory,
    string? Reason,
    DateTimeOffset? ExpectedUntil,
    int LanesOpen,
    int LanesMax,
    int Waiting,
    int Stranded,
    int PerishableWaiting,
    EstimatedWait EstimatedWaitMinutes,
    double CapacityPerHour,
    IReadOnlyList<CargoCategory> AllowedCategories,
    Guid? NoticeId);

public sealed record CrossingView(
    string Id,
    string Name,
    IReadOnlyList<SideView> Sides,
    IReadOnlyList<DirectionView> Directions,
    DateTimeOffset UpdatedAt,
    int MinimumNoticeHours);

public sealed record StrandedDirectionView(
    string Direction,
    bool Blocked,
    int Trucks,
    int PerishableTrucks,
    int SpoilingBeforeReopening,
    decimal ValueAtRiskUsd,
    decimal ValueStrandedUsd,
    DateTimeOffset? ExpectedReopening);

public sealed record StrandedView(DateTimeOffset AsOf, string CrossingId, IReadOnlyList<StrandedDirectionView> Directions);

public sealed record StrandedPointView(DateTimeOffset At, string Direction, bool Blocked, int Trucks, int PerishableTrucks, int SpoilingBeforeReopening, decimal ValueAtRiskUsd);

/// <summary>What an administrator may change of a direction; fields left out stay as they are.</summary>
public sealed record DirectionSettingsRequest(int? LanesOpen, int? LanesMax, double? TrucksPerLanePerHour, double? PerishableShare, double? AgeingBoundHours);

public sealed record DirectionSettingsView(
    string CrossingId, string Direction, int LanesOpen, int LanesMax, double TrucksPerLanePerHour, double CapacityPerHour, double PerishableShare, double AgeingBoundHours);

public static class CrossingEndpoints
{
    public const int MaxLanes = 20;
    public static IEndpointRouteBuilder MapCrossings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/crossings").WithTags("Crossings and status");

        group.MapGet("/", async (KhyberDb db, TimeProvider time, StatusCache cache, CancellationToken ct) =>
            {
                var views = await cache.GetAsync("all", async () =>
                    (await CrossingSnapshot.LoadAllAsync(db, time.GetUtcNow(), ct)).Select(View).ToList());
                return TypedResults.Ok(views);
            })
            .WithName("ListCrossings")
            .WithSummary("Every crossing with the state of each gate and direction, queues and estimated waits.");

        group.MapGet("/{id}", async (string id, KhyberDb db, TimeProvider time, StatusCache cache, CancellationToken ct) =>
            {
                var view = await cache.GetAsync("crossing:" + id, async () =>
                    View(await CrossingSnapshot.LoadAsync(db, id, time.GetUtcNow(), ct) ?? throw Problems.NotFound($"No crossing '{id}'.")));
                return TypedResults.Ok(view);
            })
            .WithName("GetCrossing")
            .WithSummary("One crossing's status: gates, directions, lanes, waiting and stranded trucks, estimated waits.");

        group.MapGet("/{id}/stranded", async (string id, KhyberDb db, TimeProvider time, CancellationToken ct) =>
            {
                var snapshot = await CrossingSnapshot.LoadAsync(db, id, time.GetUtcNow(), ct) ?? throw Problems.NotFound($"No crossing '{id}'.");
                return TypedResults.Ok(Stranded(snapshot));
            })
            .WithName("GetStranded")
            .WithSummary("Trucks stranded in each direction: perishables, those spoiling before the expected reopening, value at risk.");

        group.MapGet("/{id}/stranded/history", async (string id, string? direction, DateTimeOffset? from, DateTimeOffset? to, KhyberDb db, TimeProvider time, CancellationToken ct) =>
            {
                if (!await db.Crossings.AnyAsync(c => c.Id == id, ct))
                {
                    throw Problems.NotFound($"No crossing '{id}'.");
                }
                Direction? only = null;
                if (direction is not null)
                {
                    only = Directions.TryParse(direction, out var d) ? d : throw Problems.Invalid("direction", "Must be PK-AF or AF-PK.");
                }
                var until = (to ?? time.GetUtcNow()).ToUniversalTime();
                var since = (from ?? until.AddDays(-7)).ToUniversalTime();
                if (since > until)
                {
                    throw Problems.Invalid("from", "Must not be after to.");
                }
                var points = await db.StrandedSnapshots.AsNoTracking()
                    .Where(s => s.CrossingId == id && s.At >= since && s.At <= until && (only == null || s.Direction == only))
                    .OrderBy(s => s.At)
                    .Take(5000)
                    .ToListAsync(ct);
                return TypedResults.Ok(points.Select(p => new StrandedPointView(p.At, p.Direction.Id(), p.Blocked, p.Trucks, p.PerishableTrucks, p.SpoilingBeforeReopening, p.ValueAtRiskUsd)).ToList());
            })
            .WithName("GetStrandedHistory")
            .WithSummary("The stranded time series of a crossing (recorded on every change and every 15 minutes).");

        group.MapPatch("/{id}/directions/{direction}", ChangeDirection)
            .RequireAuthorization()
            .WithName("ChangeDirectionSettings")
            .WithSummary("An administrator changes a direction's lanes (open and maximum), capacity per lane and queue policy (green-lane share, ageing bound).");

        return app;
    }

    private static async Task<IResult> ChangeDirection(
        string id, string direction, Body<DirectionSettingsRequest> body, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var dir = Directions.TryParse(direction, out var d) ? d : throw Problems.NotFound($"No direction '{direction}': use PK-AF or AF-PK.");
        if (!await db.Crossings.AnyAsync(c => c.Id == id, ct))
        {
            throw Problems.NotFound($"No crossing '{id}'.");
        }
        AuthSetup.Require(Permissions.MayConfigureCrossings(actor), "Lanes, capacities and queue policies are set by an administrator.");
        var r = body.Value;
        var now = time.GetUtcNow();
        var view = await Concurrency.RetryAsync(db, async token =>
        {
            var config = await db.CrossingDirections.SingleAsync(x => x.CrossingId == id && x.Direction == dir, token);
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
            (await db.Crossings.SingleAsync(c => c.Id == id, token)).UpdatedAt = now;
            Events.Publish(db, EventTypes.Status, id, null, null, new { crossingId = id, direction = dir.Id(), reason = "lanes", lanesOpen = config.LanesOpen, lanesMax = config.LanesMax, capacityPerHour = config.CapacityPerHour }, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
        return TypedResults.Ok(view);
    }

    public static CrossingView View(CrossingSnapshot s) => new(
        s.Crossing.Id,
        s.Crossing.Name,
        s.Crossing.Sides.OrderBy(x => x.Side).Select(x => new SideView(x.Side.ToString(), x.Authority, x.TimeZone, s.SideState(x.Side))).ToList(),
        Directions.All.Select(d => DirectionOf(s, d)).ToList(),
        new[] { s.Crossing.UpdatedAt }.Concat(s.Notices.Where(n => n.EffectiveFrom <= s.Now).Select(n => n.EffectiveFrom)).Max(),
        s.Crossing.MinimumNoticeHours);

    private static DirectionView DirectionOf(CrossingSnapshot s, Direction d)
    {
        var state = s.StateOf(d);
        var config = s.Crossing.DirectionOf(d);
        var waiting = s.WaitingIn(d).ToList();
        return new DirectionView(
            d.Id(),
            state.State,
            state.Since,
            state.Cause?.ReasonCategory,
            state.Cause?.Reason,
            state.ExpectedUntil,
            config.LanesOpen,
            config.LanesMax,
            waiting.Count,
            s.Stranded(d).Trucks,
            waiting.Count(t => t.Category == CargoCategory.Perishable),
            new EstimatedWait(s.EstimatedWaitMinutes(d, CargoCategory.General), s.EstimatedWaitMinutes(d, CargoCategory.Perishable)),
            config.CapacityPerHour,
            state.AllowedCategories,
            state.Cause?.Id);
    }

    public static StrandedView Stranded(CrossingSnapshot s) => new(
        s.Now,
        s.Crossing.Id,
        Directions.All.Select(d =>
        {
            var count = s.Stranded(d);
            return new StrandedDirectionView(d.Id(), count.Blocked, count.Trucks, count.PerishableTrucks, count.SpoilingBeforeReopening, count.ValueAtRiskUsd, count.ValueStrandedUsd, s.StateOf(d).ExpectedUntil);
        }).ToList());
}
