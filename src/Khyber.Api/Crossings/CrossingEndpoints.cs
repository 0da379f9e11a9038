using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Crossings;

/// <summary>The crossings routes — public status, stranded trucks, direction settings: each binds its request, calls its use case and answers with a typed result.</summary>
public static class CrossingEndpoints
{
    public static IEndpointRouteBuilder MapCrossings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/crossings").WithTags("Crossings and status");

        group.MapGet("/", async Task<Ok<List<CrossingView>>> (ListCrossings list, CancellationToken ct) => TypedResults.Ok(await list.HandleAsync(ct)))
            .WithName(nameof(ListCrossings))
            .WithSummary("Every crossing with the state of each gate and direction, queues and estimated waits.");
        group.MapGet("/{id}", async Task<Ok<CrossingView>> (string id, GetCrossing get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct)))
            .WithName(nameof(GetCrossing))
            .WithSummary("One crossing's status: gates, directions, lanes, waiting and stranded trucks, estimated waits.")
            .Refuses(404);
        group.MapGet("/{id}/stranded", async Task<Ok<StrandedView>> (string id, GetStranded get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct)))
            .WithName(nameof(GetStranded))
            .WithSummary("Trucks stranded in each direction: perishables, those spoiling before the expected reopening, value at risk.")
            .Refuses(404);
        group.MapGet("/{id}/stranded/history", async Task<Ok<List<StrandedPointView>>> (string id, string? direction, DateTimeOffset? from, DateTimeOffset? to, string? after, int? limit, HttpContext http, GetStrandedHistory get, CancellationToken ct) =>
                Paging.Answer(http, await get.HandleAsync(id, new StrandedHistoryQuery(direction, from, to), new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(GetStrandedHistory))
            .WithSummary("The stranded time series of a crossing, oldest first (recorded on every change and every 15 minutes), a page at a time (Link rel=next).")
            .Refuses(400, 404, 422);
        group.MapGet("/{id}/crossed-per-day", async Task<Ok<List<CrossedDayView>>> (string id, int? days, GetCrossedPerDay get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(id, days, ct)))
            .WithName(nameof(GetCrossedPerDay))
            .WithSummary("Trucks that left through the crossing's gates on each of the last days (UTC, default 7, at most 92), today included.")
            .Refuses(400, 404, 422);
        group.MapPatch("/{id}/directions/{direction}", async Task<Ok<DirectionSettingsView>> (string id, string direction, Body<DirectionSettingsRequest> body, ClaimsPrincipal user, ChangeDirectionSettings change, CancellationToken ct) =>
                TypedResults.Ok(await change.HandleAsync(user.Actor(), id, direction, body.Value, ct)))
            .RequireAuthorization()
            .WithName(nameof(ChangeDirectionSettings))
            .WithSummary("An administrator changes a direction's lanes (open and maximum), capacity per lane and queue policy (green-lane share, ageing bound).")
            .Refuses(400, 401, 403, 404, 422);
        return app;
    }
}
