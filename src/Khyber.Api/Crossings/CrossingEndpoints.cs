using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Crossings;

/// <summary>The crossings routes — public status, stranded trucks, direction settings, and the administrator's crossing settings: each binds its request, calls its use case and answers with a typed result.</summary>
public static class CrossingEndpoints
{
    public static IEndpointRouteBuilder MapCrossings(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/crossings").WithTags("Crossings and status");

        group.MapGet("/", async Task<Ok<List<CrossingView>>> (HttpContext http, ListCrossings list, CancellationToken ct) =>
            {
                var all = await list.StatusAsync(ct, mayLag: PublicCaching.Anonymous(http.Request));
                PublicCaching.Mark(http, all.ETag, all.LastModified, all.Json);
                return TypedResults.Ok(all.Views.ToList());
            })
            .PublicCache()
            .WithName(nameof(ListCrossings))
            .WithSummary("Every crossing with the state of each gate and direction, queues and estimated waits.");
        group.MapGet("/{id}", async Task<Ok<CrossingView>> (string id, HttpContext http, GetCrossing get, CancellationToken ct) =>
            {
                var status = await get.StatusAsync(id, ct, mayLag: PublicCaching.Anonymous(http.Request));
                PublicCaching.Mark(http, status.ETag, status.LastModified, status.ViewJson);
                return TypedResults.Ok(status.View);
            })
            .PublicCache()
            .WithName(nameof(GetCrossing))
            .WithSummary("One crossing's status: gates, directions, lanes, waiting and stranded trucks, estimated waits.")
            .Refuses(404);
        group.MapGet("/{id}/stranded", async Task<Ok<StrandedView>> (string id, HttpContext http, GetStranded get, CancellationToken ct) =>
            {
                var status = await get.StatusAsync(id, ct, mayLag: PublicCaching.Anonymous(http.Request));
                PublicCaching.Mark(http, status.StrandedETag, status.StrandedLastModified, status.StrandedJson);
                return TypedResults.Ok(status.Stranded);
            })
            .PublicCache()
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
            .Refuses(400, 401, 403, 404, 409, 422);

        // The administrator's door: a crossing's settings, whole (its public status stays above).
        var admin = app.MapGroup("/api/v1/admin/crossings").WithTags("Administration: crossings").RequireAuthorization();
        admin.MapGet("/", async Task<Ok<List<CrossingSettingsView>>> (ClaimsPrincipal user, ListCrossingSettings list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(user.Actor(), ct)))
            .WithName(nameof(ListCrossingSettings))
            .WithSummary("Every crossing's settings, by name: sides (authority, time zone, local gate hours), directions (lanes, capacity, queue policy).")
            .Refuses(401, 403);
        admin.MapGet("/{id}", async Task<Ok<CrossingSettingsView>> (string id, ClaimsPrincipal user, GetCrossingSettings get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, ct)))
            .WithName(nameof(GetCrossingSettings))
            .WithSummary("One crossing's settings, with whether it operates now and its next opening or closing.")
            .Refuses(401, 403, 404);
        admin.MapPost("/", async Task<Created<CrossingSettingsView>> (Body<CrossingRequest> body, ClaimsPrincipal user, CreateCrossing create, CancellationToken ct) =>
            {
                var crossing = await create.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/admin/crossings/{crossing.Id}", crossing);
            })
            .Idempotent()
            .WithName(nameof(CreateCrossing))
            .WithSummary("An administrator creates a crossing: id, name, both sides' authority, IANA time zone and local gate hours, both directions' lanes, capacity and queue policy.")
            .Refuses(400, 401, 403, 422);
        admin.MapPut("/{id}", async Task<Ok<CrossingSettingsView>> (string id, Body<CrossingRequest> body, ClaimsPrincipal user, ChangeCrossing change, CancellationToken ct) =>
                TypedResults.Ok(await change.HandleAsync(user.Actor(), id, body.Value, ct)))
            .WithName(nameof(ChangeCrossing))
            .WithSummary("An administrator replaces a crossing's settings; a change that would strand called trucks answers 409 until sent again with confirm: true.")
            .Refuses(400, 401, 403, 404, 409, 422);
        return app;
    }
}
