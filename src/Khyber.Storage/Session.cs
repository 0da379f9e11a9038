namespace Khyber.Storage;

/// <summary>
/// One sign-in's link in its chain of refresh tokens: a sign-in (token endpoint or login page) starts a family; each
/// refresh retires the family's current row (<see cref="RotatedAt"/>) and adds the next. The family's id is the
/// session id that its access tokens and its page cookie carry, so ending a session is one write that every instance
/// sees at the next request.
/// </summary>
/// <remarks>
/// Not audited: it changes at every refresh and holds the refresh token's hash. The refresh token itself is never
/// stored, only its SHA-256 (a 256-bit random value needs no salt or slow hash: it cannot be guessed from its hash).
/// </remarks>
public sealed class Session
{
    public required Guid Id { get; init; }

    /// <summary>The sign-in this row belongs to: the session id users see and tokens carry.</summary>
    public required Guid Family { get; init; }

    /// <summary>The account's Identity id.</summary>
    public required string UserId { get; init; }

    /// <summary>SHA-256 (hex) of this row's refresh token; null for a page session, which has no refresh token.</summary>
    public string? RefreshTokenHash { get; init; }

    /// <summary>When the family began: the sign-in.</summary>
    public required DateTimeOffset SignedInAt { get; init; }

    /// <summary>When this row was issued (the sign-in or the refresh that made it).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The last refresh or request seen on this session (recorded at most every few minutes).</summary>
    public required DateTimeOffset LastUsedAt { get; set; }

    /// <summary>After this the refresh token is refused; for a page session, when its cookie would end at the latest.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the row's refresh token was exchanged for the next: presenting it again is a replay.</summary>
    public DateTimeOffset? RotatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Why it ended, in kebab case: <c>signed-out</c>, <c>signed-out-everywhere</c>, <c>ended</c>, <c>refresh-token-reused</c>, <c>password-changed</c>, <c>password-reset</c>, <c>disabled</c>.</summary>
    public string? RevokedWhy { get; set; }

    /// <summary>What signed in, as a hint to its user: <c>api</c> or <c>pages</c>, and the start of the User-Agent.</summary>
    public required string Client { get; init; }
}
