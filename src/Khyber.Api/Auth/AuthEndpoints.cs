using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt);

public sealed record MeResponse(string Username, string DisplayName, Role Role, string? Side, string? CrossingId, string? CarrierId);

/// <summary>The auth routes: a bearer token for a signed-in user, and who the token's user is.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/token", async Task<Ok<TokenResponse>> (Body<TokenRequest> body, HttpContext http, SignIn signIn, TokenIssuer issuer) =>
            {
                var user = await signIn.HandleAsync(body.Value.Username, body.Value.Password, http.CallerAddress());
                var (token, expiresAt) = issuer.Issue(user);
                return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresAt));
            })
            .WithName("IssueToken")
            .WithSummary("Exchange a username and password for a bearer token that expires (403 passwordChangeRequired: choose a new password first).")
            .Refuses(400, 401, 403, 422, 429);

        group.MapPost("/password", async Task<Ok<TokenResponse>> (Body<ChangePasswordRequest> body, HttpContext http, ChangePassword change, TokenIssuer issuer, CancellationToken ct) =>
            {
                var signedIn = http.User.Identity?.IsAuthenticated == true ? http.User.Actor().UserName : null;
                var user = await change.HandleAsync(signedIn, body.Value, http.CallerAddress(), ct);
                var (token, expiresAt) = issuer.Issue(user);
                return TypedResults.Ok(new TokenResponse(token, "Bearer", expiresAt));
            })
            .WithName(nameof(ChangePassword))
            .WithSummary("Choose a new password, proving the current one (or the one-time password an administrator gave); answers a token for the new one. Other sessions end.")
            .Refuses(400, 401, 403, 422, 429);

        group.MapGet("/me", async Task<Ok<MeResponse>> (HttpContext http, UserManager<KhyberUser> users) =>
            {
                var actor = http.User.Actor();
                var user = await users.FindByNameAsync(actor.UserName) ?? throw Problems.Unauthorized("The account no longer exists.");
                return TypedResults.Ok(new MeResponse(user.UserName!, user.DisplayName, user.Role, user.Side?.ToString(), user.CrossingId, user.CarrierId));
            })
            .RequireAuthorization()
            .WithName("WhoAmI")
            .WithSummary("The signed-in user's role, side and scope.")
            .Refuses(401);
        return app;
    }
}
