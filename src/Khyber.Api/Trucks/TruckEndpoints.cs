using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Trucks;

/// <summary>The trucks routes: each binds its request, calls its use case and answers with a typed result.</summary>
public static class TruckEndpoints
{
    public static IEndpointRouteBuilder MapTrucks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/trucks").WithTags("Trucks and queues").RequireAuthorization();

        group.MapPost("/", async Task<Created<TruckView>> (Body<RegisterTruckRequest> body, HttpContext http, RegisterTruck register, CancellationToken ct) =>
            {
                var truck = await register.HandleAsync(http.User.Actor(), http.CallerAddress(), body.Value, ct);
                return TypedResults.Created($"/api/v1/trucks/{truck.Id}", truck);
            })
            .Idempotent()
            .WithName(nameof(RegisterTruck))
            .WithSummary("A carrier registers a truck and its cargo for a crossing and direction (one active registration per plate; at most Queue:MaxWaitingPerCarrier trucks registered, waiting or called per carrier and crossing, else 409 carrierCapReached).")
            .Refuses(400, 401, 403, 409, 422, 429);
        group.MapGet("/{id:guid}", async Task<Ok<TruckView>> (Guid id, ClaimsPrincipal user, GetTruck get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, ct)))
            .WithName(nameof(GetTruck))
            .WithSummary("One truck with its status, queue position and estimated call time.")
            .Refuses(401, 404);
        group.MapGet("/", async Task<Ok<List<TruckView>>> (string? crossing, string? direction, string? status, string? after, int? limit, HttpContext http, ListTrucks list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(http.User.Actor(), new TruckQuery(crossing, direction, status), new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListTrucks))
            .WithSummary("Trucks by crossing, direction and status, latest registered first, a page at a time (Link rel=next); a carrier sees only its own.")
            .Refuses(400, 401, 403, 422);
        group.MapPost("/{id:guid}/arrival", async Task<Ok<TruckView>> (Guid id, ClaimsPrincipal user, CheckInTruck checkIn, CancellationToken ct) =>
                TypedResults.Ok(await checkIn.HandleAsync(user.Actor(), id, ct)))
            .TakesNoBody()
            .WithName(nameof(CheckInTruck))
            .WithSummary("The truck has arrived at the waiting area: it joins its direction's queue and gets a position.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{id:guid}/cancellation", async Task<Ok<TruckView>> (Guid id, ClaimsPrincipal user, CancelTruck cancel, CancellationToken ct) =>
                TypedResults.Ok(await cancel.HandleAsync(user.Actor(), id, ct)))
            .TakesNoBody()
            .WithName(nameof(CancelTruck))
            .WithSummary("The carrier withdraws the registration; the plate is free again.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{id:guid}/exit", async Task<Ok<TruckView>> (Guid id, ClaimsPrincipal user, RecordExit exit, CancellationToken ct) =>
                TypedResults.Ok(await exit.HandleAsync(user.Actor(), id, ct)))
            .TakesNoBody()
            .WithName(nameof(RecordExit))
            .WithSummary("The departure side's officer records that a called truck has left through its gate.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{id:guid}/entry", async Task<Ok<TruckView>> (Guid id, ClaimsPrincipal user, RecordEntry entry, CancellationToken ct) =>
                TypedResults.Ok(await entry.HandleAsync(user.Actor(), id, ct)))
            .TakesNoBody()
            .WithName(nameof(RecordEntry))
            .WithSummary("The arrival side's officer records that the truck has entered.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{id:guid}/rejection", async Task<Ok<TruckView>> (Guid id, Body<RejectionRequest> body, ClaimsPrincipal user, RejectTruck reject, CancellationToken ct) =>
                TypedResults.Ok(await reject.HandleAsync(user.Actor(), id, body.Value, ct)))
            .WithName(nameof(RejectTruck))
            .WithSummary("An officer of either side turns the truck away, with the reason.")
            .Refuses(400, 401, 403, 404, 409, 422);
        return app;
    }
}
