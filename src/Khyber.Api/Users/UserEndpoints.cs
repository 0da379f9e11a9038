using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Users;

/// <summary>The administration of accounts: each route binds its request, calls its use case and answers with a typed result.</summary>
/// <remarks>
/// The answers that carry a one-time password are not idempotent-replayable on purpose: a stored answer would keep the
/// password in the database. A repeated creation is refused (the username is taken); a repeated reset makes another password.
/// </remarks>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/admin/users").WithTags("Administration").RequireAuthorization();

        group.MapGet("/", async Task<Ok<List<UserView>>> (ClaimsPrincipal user, ListUsers list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(user.Actor(), ct)))
            .WithName(nameof(ListUsers))
            .WithSummary("Every account, by username, with whether the calling administrator may manage it.")
            .Refuses(401, 403);
        group.MapPost("/", async Task<Created<UserWithPassword>> (Body<CreateUserRequest> body, ClaimsPrincipal user, CreateUser create, CancellationToken ct) =>
            {
                var created = await create.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/admin/users/{created.User.Username}", created);
            })
            .WithName(nameof(CreateUser))
            .WithSummary("An administrator opens an account (role, side, crossing or company); the answer carries its one-time password, shown once.")
            .Refuses(400, 401, 403, 409, 422);
        group.MapGet("/{username}", async Task<Ok<UserView>> (string username, ClaimsPrincipal user, GetUser get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), username, ct)))
            .WithName(nameof(GetUser))
            .WithSummary("One account.")
            .Refuses(401, 403, 404);
        group.MapPost("/{username}/disable", async Task<Ok<UserView>> (string username, ClaimsPrincipal user, DisableUser disable, CancellationToken ct) =>
                TypedResults.Ok(await disable.HandleAsync(user.Actor(), username, ct)))
            .TakesNoBody()
            .WithName(nameof(DisableUser))
            .WithSummary("Disables an account: it cannot sign in, and its tokens and page sessions stop working at once.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{username}/enable", async Task<Ok<UserView>> (string username, ClaimsPrincipal user, EnableUser enable, CancellationToken ct) =>
                TypedResults.Ok(await enable.HandleAsync(user.Actor(), username, ct)))
            .TakesNoBody()
            .WithName(nameof(EnableUser))
            .WithSummary("Enables a disabled account again.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{username}/unlock", async Task<Ok<UserView>> (string username, ClaimsPrincipal user, UnlockUser unlock, CancellationToken ct) =>
                TypedResults.Ok(await unlock.HandleAsync(user.Actor(), username, ct)))
            .TakesNoBody()
            .WithName(nameof(UnlockUser))
            .WithSummary("Ends the lockout of an account locked after too many wrong passwords.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{username}/password-reset", async Task<Ok<UserWithPassword>> (string username, ClaimsPrincipal user, ResetPassword reset, CancellationToken ct) =>
                TypedResults.Ok(await reset.HandleAsync(user.Actor(), username, ct)))
            .TakesNoBody()
            .WithName(nameof(ResetPassword))
            .WithSummary("Resets a password to a one-time password (answered once, to be changed at the next sign-in); unlocks the account and ends its sessions.")
            .Refuses(401, 403, 404, 409);
        group.MapPost("/{username}/second-factor/reset", async Task<Ok<UserView>> (string username, ClaimsPrincipal user, ResetSecondFactor reset, CancellationToken ct) =>
                TypedResults.Ok(await reset.HandleAsync(user.Actor(), username, ct)))
            .TakesNoBody()
            .WithName(nameof(ResetSecondFactor))
            .WithSummary("Removes an account's second factor (a lost phone): its sessions end, and the user enrols again at the next sign-in.")
            .Refuses(401, 403, 404, 409);
        return app;
    }
}
