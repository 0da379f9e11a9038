using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Incidents;

/// <summary>The incidents routes: each binds its request, calls its use case and answers with a typed result.</summary>
public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        group.MapPost("/", async Task<Created<IncidentView>> (Body<LogIncidentRequest> body, ClaimsPrincipal user, LogIncident log, CancellationToken ct) =>
            {
                var incident = await log.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/incidents/{incident.Id}", incident);
            })
            .RequireAuthorization()
            .Idempotent()
            .WithName(nameof(LogIncident))
            .WithSummary("A side logs an incident at a crossing in its own name: what, when, casualties per side, description.")
            .Refuses(400, 401, 403, 422);
        group.MapGet("/", async Task<Ok<List<IncidentView>>> (string? crossing, string? after, int? limit, HttpContext http, ListIncidents list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(crossing, new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListIncidents))
            .WithSummary("Incidents, latest first, a page at a time (Link rel=next), with the other side's responses and the notices citing them; filter by crossing.")
            .Refuses(400, 404, 422);
        group.MapGet("/{id:guid}", async Task<Ok<IncidentView>> (Guid id, GetIncident get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(id, ct)))
            .WithName(nameof(GetIncident))
            .WithSummary("One incident with the other side's responses and the notices citing it.")
            .Refuses(404);
        group.MapPost("/{id:guid}/responses", async Task<Created<IncidentView>> (Guid id, Body<IncidentResponseRequest> body, ClaimsPrincipal user, RespondToIncident respond, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/incidents/{id}", await respond.HandleAsync(user.Actor(), id, body.Value, ct)))
            .RequireAuthorization()
            .Idempotent()
            .WithName(nameof(RespondToIncident))
            .WithSummary("The other side's liaison acknowledges or disputes an incident report; a later response amends the earlier one.")
            .Refuses(400, 401, 403, 404, 409, 422);
        return app;
    }
}
