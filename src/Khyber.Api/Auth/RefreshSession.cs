using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;

namespace Khyber.Api.Auth;

public sealed record RefreshRequest([property: Required] string? RefreshToken);

/// <summary>
/// A client renews its short access token with its refresh token, which is used up: the answer carries a new access
/// token and a new refresh token of the same session. A refresh token presented a second time ends its session
/// everywhere — one of its two holders stole it — and both are told to sign in again.
/// </summary>
/// <remarks>Needs no bearer token (the one it renews may have expired). A refresh token is 256 random bits: not guessed, so not rate-limited like a password.</remarks>
public sealed class RefreshSession(Sessions sessions, TokenIssuer issuer) : IUseCase
{
    public const int MaxLength = 256;

    public const string NotValid = "The refresh token is unknown, expired, or its session ended: sign in again.";

    public const string Reused = "The refresh token was already used once, so someone else may hold it: its session has ended on every device. Sign in again.";

    public async Task<TokenResponse> HandleAsync(RefreshRequest r, CancellationToken ct)
    {
        var errors = new FieldErrors();
        errors.Require(!string.IsNullOrWhiteSpace(r.RefreshToken) && r.RefreshToken.Length <= MaxLength, "refreshToken", $"Required (at most {MaxLength} characters).");
        Problems.ThrowIfAny(errors);
        var rotation = await sessions.RotateAsync(r.RefreshToken!, ct);
        if (rotation is not { User: { } user, Session: { } session })
        {
            throw Problems.Unauthorized(rotation.Reused ? Reused : NotValid);
        }
        return TokenResponse.Of(issuer, user, session);
    }
}
