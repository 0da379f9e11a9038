using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

public sealed record MeResponse(string Username, string DisplayName, Role Role, string? Side, string? CrossingId, string? CarrierId);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/token", async (Body<TokenRequest> body, HttpContext http, UserManager<KhyberUser> users, SignInManager<KhyberUser> signIn, TokenIssuer issuer, SignInThrottle throttle) =>
            {
                var r = body.Value;
                var errors = new FieldErrors();
                errors.Require(!string.IsNullOrWhiteSpace(r.Username) && r.Username.Length <= 256, "username", "Required (at most 256 characters).");
                errors.Require(!string.IsNullOrEmpty(r.Password) && r.Password.Length <= 256, "password", "Required (at most 256 characters).");
                Problems.ThrowIfAny(errors);
                if (throttle.Attempt(r.Username!) is { } wait)
                {
                    await RateLimits.WriteTooManyAsync(http, wait, http.RequestAborted);
                    return Results.Empty;
                }

                var user = await users.FindByNameAsync(r.Username!.Trim());
                if (user is null)
                {
                    throw Unauthorized("Unknown username or wrong password.");
                }
                var result = await signIn.CheckPasswordSignInAsync(user, r.Password!, lockoutOnFailure: true);
                if (result.IsLockedOut)
                {
                    throw Unauthorized("Too many failed attempts: the account is locked for a while.");
                }
                if (!result.Succeeded)
                {
                    throw Unauthorized("Unknown username or wrong password.");
                }
                var (token, expiresAt) = issuer.Issue(user);
                return Results.Ok(new TokenResponse(token, "Bearer", expiresAt));
            })
            .Produces<TokenResponse>()
            .WithName("IssueToken")
            .WithSummary("Exchange a username and password for a bearer token that expires.");

        group.MapGet("/me", async (HttpContext http, UserManager<KhyberUser> users) =>
            {
                var actor = http.User.Actor();
                var user = await users.FindByNameAsync(actor.UserName) ?? throw Unauthorized("The account no longer exists.");
                return TypedResults.Ok(new MeResponse(user.UserName!, user.DisplayName, user.Role, user.Side?.ToString(), user.CrossingId, user.CarrierId));
            })
            .RequireAuthorization()
            .WithName("WhoAmI")
            .WithSummary("The signed-in user's role, side and scope.");
        return app;
    }

    private static ApiProblemException Unauthorized(string why) =>
        new(StatusCodes.Status401Unauthorized, "Not signed in.", why);
}
