using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Queue;

/// <summary>The queue routes: each binds its request, calls its use case and answers with a typed result.</summary>
public static class QueueEndpoints
{
    public static IEndpointRouteBuilder MapQueue(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/crossings/{id}/queue/{direction}").WithTags("Trucks and queues").RequireAuthorization();
        group.MapGet("/", async Task<Ok<List<QueueEntryView>>> (string id, string direction, ClaimsPrincipal user, GetQueue get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, direction, ct)))
            .WithName(nameof(GetQueue))
            .WithSummary("The waiting trucks of a direction in call order, with positions and estimated call times (officers and liaisons).")
            .Refuses(401, 403, 404);
        group.MapPost("/call", async Task<Ok<List<TruckView>>> (string id, string direction, Body<CallRequest> body, ClaimsPrincipal user, CallForward call, CancellationToken ct) =>
                TypedResults.Ok(await call.HandleAsync(user.Actor(), id, direction, body.Value, ct)))
            .Idempotent()
            .WithName(nameof(CallForward))
            .WithSummary("The departure side's officer calls the next trucks forward (409 while the direction is blocked).")
            .Refuses(400, 401, 403, 404, 409, 422);
        return app;
    }

    /// <summary>A direction in a route: PK-AF or AF-PK, else there is no such resource.</summary>
    public static Direction ParseDirection(string direction) =>
        Directions.TryParse(direction, out var d) ? d : throw Problems.NotFound($"No direction '{direction}': use PK-AF or AF-PK.");
}
