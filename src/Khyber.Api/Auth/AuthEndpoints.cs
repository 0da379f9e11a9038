using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Api.Auth;

/// <summary>
/// A bearer token, short-lived, with the refresh token that renews it and the id of its session; the refresh token is
/// shown only here, once, and is used up by its refresh.
/// </summary>
public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, string? RefreshToken, DateTimeOffset RefreshExpiresAt, Guid SessionId)
{
    public static TokenResponse Of(TokenIssuer issuer, KhyberUser user, OpenedSession session)
    {
        var (token, expiresAt) = issuer.Issue(user, session.Id);
        return new TokenResponse(token, "Bearer", expiresAt, session.RefreshToken, session.ExpiresAt, session.Id);
    }
}

public sealed record MeResponse(string Username, string DisplayName, Role Role, string? Side, string? CrossingId, string? CarrierId);

/// <summary>The auth routes: tokens for a signed-in user and their renewal, who the token's user is, and the user's sessions.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Auth");
        group.MapPost("/token", async Task<Ok<TokenResponse>> (Body<TokenRequest> body, HttpContext http, SignIn signIn, Sessions sessions, TokenIssuer issuer) =>
            {
                var user = await signIn.HandleAsync(body.Value.Username, body.Value.Password, body.Value.Otp, http.CallerAddress());
                return TypedResults.Ok(TokenResponse.Of(issuer, user, await sessions.BeginAsync(user, http, refreshable: true, http.RequestAborted)));
            })
            .WithName("IssueToken")
            .WithSummary("Exchange a username and password (and otp, the code of the account's second factor, once enrolled) for a short-lived bearer token and a refresh token, starting a session (401 secondFactorRequired: send otp; 403 passwordChangeRequired: choose a new password first; 403 secondFactorEnrolmentRequired: enrol on the pages first).")
            .Refuses(400, 401, 403, 422, 429);

        group.MapPost("/refresh", async Task<Ok<TokenResponse>> (Body<RefreshRequest> body, RefreshSession refresh, CancellationToken ct) =>
                TypedResults.Ok(await refresh.HandleAsync(body.Value, ct)))
            .WithName(nameof(RefreshSession))
            .WithSummary("Exchange a refresh token (used up) for a new bearer token and refresh token of the same session; a refresh token sent twice ends its session.")
            .Refuses(400, 401, 422);

        group.MapPost("/password", async Task<Ok<TokenResponse>> (Body<ChangePasswordRequest> body, HttpContext http, ChangePassword change, SignIn signIn, Sessions sessions, TokenIssuer issuer, CancellationToken ct) =>
            {
                var signedIn = http.User.Identity?.IsAuthenticated == true ? http.User.Actor().UserName : null;
                var user = await change.HandleAsync(signedIn, body.Value, http.CallerAddress(), ct);
                if (signIn.NeedsEnrolment(user))
                {
                    // The password is changed; a token waits for the second factor, enrolled on the pages.
                    throw Problems.SecondFactorEnrolmentRequired();
                }
                return TypedResults.Ok(TokenResponse.Of(issuer, user, await sessions.BeginAsync(user, http, refreshable: true, ct)));
            })
            .WithName(nameof(ChangePassword))
            .WithSummary("Choose a new password, proving the current one (or the one-time password an administrator gave; without a session, also otp once a second factor is enrolled); answers a token of a new session. Every other session ends.")
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

        group.MapGet("/sessions", async Task<Ok<List<SessionView>>> (HttpContext http, ListSessions list, CancellationToken ct) =>
                TypedResults.Ok(await list.HandleAsync(http.User.Actor(), http.User.SessionId(), ct)))
            .RequireAuthorization()
            .WithName(nameof(ListSessions))
            .WithSummary("The caller's own sessions still going (API and pages), newest first; the caller's is marked current.")
            .Refuses(401);
        group.MapPost("/sessions/{sessionId:guid}/end", async Task<NoContent> (Guid sessionId, HttpContext http, EndSession end, CancellationToken ct) =>
            {
                await end.HandleAsync(http.User.Actor(), sessionId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .TakesNoBody()
            .WithName(nameof(EndSession))
            .WithSummary("Ends one of the caller's sessions (the caller's own: signing out): its tokens, refresh token or cookie are refused from the next request on every instance.")
            .Refuses(401, 404);
        group.MapPost("/sign-out-everywhere", async Task<Ok<SignedOutView>> (HttpContext http, SignOutEverywhere signOut, CancellationToken ct) =>
                TypedResults.Ok(await signOut.HandleAsync(http.User.Actor(), ct)))
            .RequireAuthorization()
            .TakesNoBody()
            .WithName(nameof(SignOutEverywhere))
            .WithSummary("Ends every session of the caller, this one included, on every device, API and pages alike.")
            .Refuses(401, 403);
        group.MapPost("/second-factor", async Task<Ok<SecondFactorEnrolment>> (HttpContext http, BeginSecondFactor begin, CancellationToken ct) =>
                TypedResults.Ok(await begin.HandleAsync(http.User.Actor(), ct)))
            .RequireAuthorization()
            .TakesNoBody()
            .WithName(nameof(BeginSecondFactor))
            .WithSummary("Begins enrolling an authenticator app: a new secret, its otpauth URI and QR code (a PNG data URI), pending until confirmed with a code.")
            .Refuses(401, 403, 409);
        group.MapPost("/second-factor/confirmation", async Task<Ok<RecoveryCodesView>> (Body<SecondFactorCode> body, HttpContext http, ConfirmSecondFactor confirm, CancellationToken ct) =>
                TypedResults.Ok(await confirm.HandleAsync(http.User.Actor(), body.Value, ct)))
            .RequireAuthorization()
            .WithName(nameof(ConfirmSecondFactor))
            .WithSummary("Confirms the pending authenticator with a code of it; from then on a sign-in needs a code. Answers ten recovery codes, shown once.")
            .Refuses(400, 401, 403, 409, 422);
        group.MapDelete("/second-factor", async Task<NoContent> (Body<SecondFactorCode> body, HttpContext http, RemoveSecondFactor remove, CancellationToken ct) =>
            {
                await remove.HandleAsync(http.User.Actor(), body.Value, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .WithName(nameof(RemoveSecondFactor))
            .WithSummary("Removes the caller's own second factor, proved by a code or a recovery code; refused (403) where the caller's role requires one.")
            .Refuses(400, 401, 403, 404, 422);
        return app;
    }
}
