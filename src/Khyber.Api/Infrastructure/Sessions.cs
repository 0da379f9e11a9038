using System.Security.Claims;
using System.Security.Cryptography;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Khyber.Api.Infrastructure;

/// <summary>A session just begun or refreshed: its id, and for the API its refresh token (shown once) and when that ends.</summary>
public sealed record OpenedSession(Guid Id, string? RefreshToken, DateTimeOffset ExpiresAt);

/// <summary>
/// The sessions of signed-in users, one record per sign-in, shared by bearer tokens and page cookies: every access token
/// and every cookie carries its session's id, and every request checks that the session has not ended — so a session
/// ended on one instance is refused by all of them at the next request.
/// </summary>
/// <remarks>
/// <para>An API sign-in gets a short access token (<c>Auth:TokenLifetimeMinutes</c>, 15 by default) and a refresh token.
/// A refresh token is used once: the refresh answers a new pair and retires the old token. Presenting a retired refresh
/// token again means two parties hold it (one of them a thief), so the whole session — every token of that sign-in —
/// ends (<c>refresh-token-reused</c>).</para>
/// <para>A refresh token lasts <c>Auth:RefreshTokenLifetimeHours</c> (24) after it was issued, and no session outlives
/// <c>Auth:SessionMaxDays</c> (30) after its sign-in.</para>
/// </remarks>
public sealed class Sessions(KhyberDb db, TimeProvider time, IConfiguration config)
{
    public const string Ended = "The session ended (signed out, or the account was disabled or its password changed): sign in again.";

    /// <summary>The claim naming the session: a bearer token's and a page cookie's.</summary>
    public const string SessionClaim = "sid";

    /// <summary>How stale the recorded last use may become before a request writes it again: one write per session per interval, not per request.</summary>
    private static readonly TimeSpan LastUseGranularity = TimeSpan.FromMinutes(5);

    private TimeSpan RefreshLifetime => TimeSpan.FromHours(config.GetValue("Auth:RefreshTokenLifetimeHours", 24.0));

    private TimeSpan MaxAge => TimeSpan.FromDays(config.GetValue("Auth:SessionMaxDays", 30.0));

    /// <summary>Begins a session for the user, saved at once; with <paramref name="refreshable"/> (the API) it gets a refresh token.</summary>
    public async Task<OpenedSession> BeginAsync(KhyberUser user, HttpContext http, bool refreshable, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var family = Guid.NewGuid();
        var client = ClientOf(http, refreshable ? "api" : "pages");
        var (row, token) = NewRow(family, user.Id, now, now, client, refreshable);
        db.Sessions.Add(row);
        await db.SaveChangesAsync(ct);
        return new OpenedSession(family, token, row.ExpiresAt);
    }

    /// <summary>
    /// Exchanges a refresh token for the next one, in the same session; a retired token ends its session. The account
    /// and the new session, or why not: an unknown, expired or ended token (<see cref="Rotation.User"/> null), or a
    /// retired one (<see cref="Rotation.Reused"/>).
    /// </summary>
    public Task<Rotation> RotateAsync(string refreshToken, CancellationToken ct) =>
        Concurrency.RetryAsync(db, async token =>
        {
            var now = time.GetUtcNow();
            var hash = Hash(refreshToken);
            var row = await db.Sessions.SingleOrDefaultAsync(s => s.RefreshTokenHash == hash, token);
            if (row is null)
            {
                return Rotation.Refused;
            }
            if (row.RotatedAt is not null)
            {
                await EndFamilyAsync(row.Family, SessionEnd.RefreshTokenReused, now, token);
                await db.SaveChangesAsync(token);
                return new Rotation(null, null, Reused: true);
            }
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == row.UserId, token);
            if (row.RevokedAt is not null || row.ExpiresAt <= now || user is null || user.DisabledAt is not null)
            {
                return Rotation.Refused;
            }
            row.RotatedAt = now;
            row.LastUsedAt = now;
            var (next, refresh) = NewRow(row.Family, row.UserId, row.SignedInAt, now, row.Client, refreshable: true);
            db.Sessions.Add(next);
            await db.SaveChangesAsync(token);
            return new Rotation(user, new OpenedSession(row.Family, refresh, next.ExpiresAt), Reused: false);
        }, ct);

    /// <summary>The user's sessions that have not ended, newest sign-in first.</summary>
    public async Task<List<Session>> LiveAsync(string userId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.Sessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.RotatedAt == null && s.RevokedAt == null)
            .ToListAsync(ct);
        return [.. rows.Where(s => s.ExpiresAt > now).OrderByDescending(s => s.SignedInAt).ThenBy(s => s.Family)];
    }

    /// <summary>The username of the session's user, if there is such a session.</summary>
    public Task<string?> OwnerOfAsync(Guid family, CancellationToken ct) =>
        db.Sessions.Where(s => s.Family == family)
            .Join(db.Users, s => s.UserId, u => u.Id, (_, u) => u.UserName)
            .FirstOrDefaultAsync(ct);

    /// <summary>Ends one session of the user, to be saved by the caller; false when the user has no such session still going.</summary>
    public async Task<bool> EndAsync(string userId, Guid family, SessionEnd why, CancellationToken ct)
    {
        var rows = await db.Sessions.Where(s => s.Family == family && s.UserId == userId && s.RevokedAt == null).ToListAsync(ct);
        End(rows, why, time.GetUtcNow());
        return rows.Any(r => r.RotatedAt is null);
    }

    /// <summary>Ends every session of the user, to be saved by the caller (with the account change that ends them); answers how many were going.</summary>
    public static async Task<int> EndAllAsync(KhyberDb db, string userId, SessionEnd why, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null).ToListAsync(ct);
        End(rows, why, now);
        return rows.Count(r => r.RotatedAt is null && r.ExpiresAt > now);
    }

    /// <summary>Why the account change ends the account's sessions, if it does.</summary>
    public static SessionEnd? EndedBy(AccountChangeKind change) => change switch
    {
        AccountChangeKind.PasswordChanged => SessionEnd.PasswordChanged,
        AccountChangeKind.PasswordReset => SessionEnd.PasswordReset,
        AccountChangeKind.Disabled => SessionEnd.Disabled,
        AccountChangeKind.SignedOutEverywhere => SessionEnd.SignedOutEverywhere,
        AccountChangeKind.SecondFactorReset => SessionEnd.SecondFactorReset,
        _ => null,
    };

    /// <summary>What every authenticated request reads of its account and session.</summary>
    private sealed record SessionCheck(string? SecurityStamp, DateTimeOffset? DisabledAt, SessionState? Session);

    private sealed record SessionState(Guid Id, DateTimeOffset? RevokedAt, DateTimeOffset ExpiresAt, DateTimeOffset LastUsedAt);

    /// <summary>
    /// The check of <see cref="StillValidAsync"/>, compiled once: it runs on every authenticated request, and a LINQ query
    /// built anew each time cost more than the database's answer (the expression tree, its parameters, the cache lookup).
    /// </summary>
    private static readonly Func<KhyberDb, string, Guid, CancellationToken, Task<SessionCheck?>> CheckQuery =
        EF.CompileAsyncQuery((KhyberDb db, string normalized, Guid sid, CancellationToken ct) => db.Users.AsNoTracking()
            .Where(u => u.NormalizedUserName == normalized)
            .Select(u => new SessionCheck(
                u.SecurityStamp,
                u.DisabledAt,
                db.Sessions.Where(s => s.Family == sid && s.RotatedAt == null && s.UserId == u.Id)
                    .Select(s => new SessionState(s.Id, s.RevokedAt, s.ExpiresAt, s.LastUsedAt))
                    .FirstOrDefault()))
            .SingleOrDefault());

    /// <summary>
    /// Whether a signed-in request — a bearer token or a page cookie — may go on: its account exists, is enabled and
    /// has the security stamp it was issued with, and its session has not ended.
    /// </summary>
    /// <remarks>One query per request (the account by its unique name with its session's current row by index); the last use is written at most every five minutes.</remarks>
    public static async Task<bool> StillValidAsync(HttpContext http, ClaimsPrincipal? principal, CancellationToken ct)
    {
        var name = principal?.FindFirstValue(JwtRegisteredClaimNames.Sub);
        var stamp = principal?.FindFirstValue(TokenIssuer.StampClaim);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(stamp) || !Guid.TryParse(principal?.FindFirstValue(SessionClaim), out var sid))
        {
            return false;
        }
        var db = http.RequestServices.GetRequiredService<KhyberDb>();
        var normalized = http.RequestServices.GetRequiredService<ILookupNormalizer>().NormalizeName(name);
        var account = await CheckQuery(db, normalized, sid, ct);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (account is not { DisabledAt: null, Session: { RevokedAt: null } session }
            || !string.Equals(account.SecurityStamp, stamp, StringComparison.Ordinal)
            || session.ExpiresAt <= now)
        {
            return false;
        }
        if (now - session.LastUsedAt > LastUseGranularity)
        {
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastUsedAt, now), ct);
        }
        return true;
    }

    /// <summary>SHA-256 of a refresh token, as stored.</summary>
    public static string Hash(string refreshToken) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(refreshToken)));

    private (Session Row, string? RefreshToken) NewRow(Guid family, string userId, DateTimeOffset signedInAt, DateTimeOffset now, string client, bool refreshable)
    {
        var token = refreshable ? Base64UrlEncoder(RandomNumberGenerator.GetBytes(32)) : null;
        var latest = signedInAt + MaxAge;
        var expires = refreshable ? Min(now + RefreshLifetime, latest) : latest;
        return (new Session
        {
            Id = Guid.NewGuid(),
            Family = family,
            UserId = userId,
            RefreshTokenHash = token is null ? null : Hash(token),
            SignedInAt = signedInAt,
            CreatedAt = now,
            LastUsedAt = now,
            ExpiresAt = expires,
            Client = client,
        }, token);
    }

    private async Task EndFamilyAsync(Guid family, SessionEnd why, DateTimeOffset now, CancellationToken ct) =>
        End(await db.Sessions.Where(s => s.Family == family && s.RevokedAt == null).ToListAsync(ct), why, now);

    private static void End(List<Session> rows, SessionEnd why, DateTimeOffset now)
    {
        foreach (var row in rows)
        {
            row.RevokedAt = now;
            row.RevokedWhy = Khyber.Domain.Kebab.Word(why.ToString());
        }
    }

    private static string ClientOf(HttpContext http, string door)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        var hint = agent.Length == 0 ? door : $"{door}: {new string([.. agent.Take(180).Where(c => !char.IsControl(c))])}";
        return hint;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Base64UrlEncoder(byte[] bytes) => Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(bytes);
}

/// <summary>The outcome of presenting a refresh token: the account and its renewed session, or nothing (and whether the token was a retired one).</summary>
public sealed record Rotation(KhyberUser? User, OpenedSession? Session, bool Reused)
{
    public static readonly Rotation Refused = new(null, null, false);
}

/// <summary>Why a session ended.</summary>
public enum SessionEnd
{
    SignedOut,
    SignedOutEverywhere,
    Ended,
    RefreshTokenReused,
    PasswordChanged,
    PasswordReset,
    Disabled,
    SecondFactorReset,
}

public static class SessionClaims
{
    /// <summary>The session the signed-in request belongs to, from its token's or cookie's claim.</summary>
    public static Guid? SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Sessions.SessionClaim), out var id) ? id : null;
}
