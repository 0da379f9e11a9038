using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Carriers;

/// <summary>
/// Carrier companies and their applications for access: the public application, and the administrators' routes to
/// register companies and decide applications. Each binds its request, calls its use case and answers with a typed result.
/// </summary>
public static class CarrierEndpoints
{
    public static IEndpointRouteBuilder MapCarriers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/carrier-applications", async Task<Created<CarrierApplicationView>> (Body<CarrierApplicationRequest> body, HttpContext http, ApplyForAccess apply, CancellationToken ct) =>
                // No Location: an application is read back only by administrators.
                TypedResults.Created((string?)null, await apply.HandleAsync(body.Value, http.CallerAddress(), ct)))
            .WithTags("Carriers")
            .WithName(nameof(ApplyForAccess))
            .WithSummary("A carrier company applies for access (no account needed; a few a hour per address); an administrator approves or rejects it.")
            .Refuses(400, 422, 429);

        var carriers = app.MapGroup("/api/v1/admin/carriers").WithTags("Administration").RequireAuthorization();
        carriers.MapGet("/", async Task<Ok<List<CarrierView>>> (ClaimsPrincipal user, ListCarriers list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(user.Actor(), ct)))
            .WithName(nameof(ListCarriers))
            .WithSummary("Every carrier company, by name, with how many accounts act for it.")
            .Refuses(401, 403);
        carriers.MapPost("/", async Task<Created<CarrierView>> (Body<CreateCarrierRequest> body, ClaimsPrincipal user, CreateCarrier create, CancellationToken ct) =>
            {
                var carrier = await create.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/admin/carriers/{carrier.Id}", carrier);
            })
            .WithName(nameof(CreateCarrier))
            .WithSummary("An administrator registers a carrier company (its id is made from its name); its accounts are then opened as carrier users.")
            .Refuses(400, 401, 403, 409, 422);
        carriers.MapGet("/{id}", async Task<Ok<CarrierView>> (string id, ClaimsPrincipal user, GetCarrier get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, ct)))
            .WithName(nameof(GetCarrier))
            .WithSummary("One carrier company.")
            .Refuses(401, 403, 404);

        var applications = app.MapGroup("/api/v1/admin/carrier-applications").WithTags("Administration").RequireAuthorization();
        applications.MapGet("/", async Task<Ok<List<CarrierApplicationView>>> (string? status, ClaimsPrincipal user, ListCarrierApplications list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(user.Actor(), status, ct)))
            .WithName(nameof(ListCarrierApplications))
            .WithSummary("Applications for carrier access, newest first; ?status=pending (or approved, rejected) for those only.")
            .Refuses(401, 403, 422);
        applications.MapGet("/{id:guid}", async Task<Ok<CarrierApplicationView>> (Guid id, ClaimsPrincipal user, GetCarrierApplication get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, ct)))
            .WithName(nameof(GetCarrierApplication))
            .WithSummary("One application for carrier access.")
            .Refuses(401, 403, 404);
        applications.MapPost("/{id:guid}/approval", async Task<Ok<ApprovalView>> (Guid id, Body<ApprovalRequest> body, ClaimsPrincipal user, ApproveCarrierApplication approve, CancellationToken ct) =>
                TypedResults.Ok(await approve.HandleAsync(user.Actor(), id, body.Value, ct)))
            .WithName(nameof(ApproveCarrierApplication))
            .WithSummary("Approves an application: registers the company and opens its first account, whose one-time password the answer carries, once.")
            .Refuses(400, 401, 403, 404, 409, 422);
        applications.MapPost("/{id:guid}/rejection", async Task<Ok<CarrierApplicationView>> (Guid id, Body<RejectionRequest> body, ClaimsPrincipal user, RejectCarrierApplication reject, CancellationToken ct) =>
                TypedResults.Ok(await reject.HandleAsync(user.Actor(), id, body.Value, ct)))
            .WithName(nameof(RejectCarrierApplication))
            .WithSummary("Rejects an application, saying why.")
            .Refuses(400, 401, 403, 404, 409, 422);
        return app;
    }
}
