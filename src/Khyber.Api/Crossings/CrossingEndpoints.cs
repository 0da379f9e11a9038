using Khyber.Api.Infrastructure;
using Khyber.Domain;
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

public static class CrossingEndpoints
{
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

        return app;
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
