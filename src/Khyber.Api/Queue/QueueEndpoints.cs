using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Queue;

public sealed record QueueEntryView(
    Guid TruckId,
    int Position,
    string Plate,
    CargoCategory Category,
    DateTimeOffset WaitingSince,
    DateTimeOffset? EstimatedCallAt,
    DateTimeOffset? SpoilsAt,
    string CarrierId,
    decimal ValueUsd);

public sealed record CallRequest(int? Count);

public static class QueueEndpoints
{
    public const int MaxCall = 50;

    public static IEndpointRouteBuilder MapQueue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/crossings/{id}/queue/{direction}").WithTags("Trucks and queues").RequireAuthorization();
        group.MapGet("/", Get)
            .WithName("GetQueue")
            .WithSummary("The waiting trucks of a direction in call order, with positions and estimated call times (officers and liaisons).");
        group.MapPost("/call", Call).Idempotent()
            .WithName("CallForward")
            .WithSummary("The departure side's officer calls the next trucks forward (409 while the direction is blocked).");
        return app;
    }

    private static async Task<IResult> Get(string id, string direction, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var dir = ParseDirection(direction);
        var snapshot = await CrossingSnapshot.LoadAsync(db, id, time.GetUtcNow(), ct) ?? throw Problems.NotFound($"No crossing '{id}'.");
        AuthSetup.Require(Permissions.MaySeeQueue(actor, id), "Only officers of this crossing and liaisons see its queue.");
        var trucks = snapshot.WaitingIn(dir).ToDictionary(t => t.Id);
        var entries = snapshot.Positions(dir)
            .Select(s => trucks[s.Truck.Id] is var t
                ? new QueueEntryView(t.Id, s.Position, t.Plate, t.Category, t.WaitingSince ?? t.RegisteredAt, s.EstimatedCallAt, t.SpoilsAt, t.CarrierId, t.ValueUsd)
                : null!)
            .ToList();
        return TypedResults.Ok(entries);
    }

    private static async Task<IResult> Call(
        string id, string direction, Body<CallRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var dir = ParseDirection(direction);
        var count = body.Value.Count ?? 1;
        if (count is < 1 or > MaxCall)
        {
            throw Problems.Invalid("count", $"Call between 1 and {MaxCall} trucks at a time.");
        }
        if (!await db.Crossings.AnyAsync(c => c.Id == id, ct))
        {
            throw Problems.NotFound($"No crossing '{id}'.");
        }
        AuthSetup.Require(Permissions.MayCallForward(actor, id, dir), $"Only an officer of {dir.DepartureSide()} at this crossing calls trucks of {dir.Id()} forward.");
        var now = time.GetUtcNow();

        var views = await Concurrency.RetryAsync(db, async token =>
        {
            var crossing = await db.Crossings.AsNoTracking().SingleAsync(c => c.Id == id, token);
            var config = await db.CrossingDirections.SingleAsync(d => d.CrossingId == id && d.Direction == dir, token);
            var notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == id).ToListAsync(token);
            var state = GateTimeline.StateOf(notices, dir, now);
            if (state.Blocked)
            {
                throw Problems.Conflict($"{dir.Id()} is closed{(state.Cause is { } n ? $" by {n.Side} since {n.EffectiveFrom:u}" : "")}: no truck can be called.");
            }
            if (!crossing.IsOperating(now))
            {
                throw Problems.Conflict("The crossing is outside its operating hours.");
            }
            var waiting = await db.Trucks
                .Where(t => t.CrossingId == id && t.Direction == dir && t.Status == TruckStatus.Waiting)
                .ToListAsync(token);
            var callable = waiting.Where(t => state.Lets(t.Category) && !(t.SpoilsAt <= now && t.Category == CargoCategory.Perishable));
            var (picked, credit) = QueueOrder.Call(callable.Select(CrossingSnapshot.ToQueued), config.Policy, config.PerishableCredit, now, count);
            var byId = waiting.ToDictionary(t => t.Id);
            var called = picked.Select(p => byId[p.Id]).ToList();
            foreach (var truck in called)
            {
                truck.Call(actor.UserName, now);
                TruckEvents.Publish(db, truck, "called", now);
            }
            if (called.Count > 0)
            {
                Events.Publish(db, EventTypes.Status, id, dir.DepartureSide().ToString(), null,
                    new { crossingId = id, direction = dir.Id(), reason = "call", called = called.Count }, now);
            }
            // The direction row is always touched, so two concurrent calls serialize on its version.
            config.PerishableCredit = credit;
            db.Entry(config).Property(d => d.Version).IsModified = true;
            var result = called.Select(t => TruckViews.View(t, null)).ToList();
            idempotency.Record(db, StatusCodes.Status200OK, result, null, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
        return TypedResults.Ok(views);
    }

    private static Direction ParseDirection(string direction) =>
        Directions.TryParse(direction, out var d) ? d : throw Problems.NotFound($"No direction '{direction}': use PK-AF or AF-PK.");
}
