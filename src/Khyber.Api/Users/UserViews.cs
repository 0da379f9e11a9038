using Khyber.Domain.Access;
using Khyber.Storage;

namespace Khyber.Api.Users;

/// <summary>
/// An account as administrators see it — never its password or security stamp — and whether the caller may disable,
/// enable, unlock or reset it (its password or its second factor) (<c>mayManage</c>: an administrator of a side manages only its own side's officials and carriers).
/// </summary>
public sealed record UserView(
    string Username,
    string DisplayName,
    Role Role,
    string? Side,
    string? CrossingId,
    string? CarrierId,
    bool Enabled,
    DateTimeOffset? DisabledAt,
    bool LockedOut,
    DateTimeOffset? LockedUntil,
    bool PasswordChangeRequired,
    bool MayManage,
    bool SecondFactorEnrolled = false)
{
    public static UserView Of(KhyberUser u, Actor caller, DateTimeOffset now)
    {
        var locked = u.LockoutEnd is { } end && end > now;
        return new(
            u.UserName!, u.DisplayName, u.Role, u.Side?.ToString(), u.CrossingId, u.CarrierId,
            u.DisabledAt is null, u.DisabledAt, locked, locked ? u.LockoutEnd : null, u.PasswordChangeRequired,
            Permissions.MayManageAccount(caller, u.Role, u.Side), Auth.SecondFactors.IsEnrolled(u));
    }
}

/// <summary>An account with the one-time password just set for it: shown once, to be passed on; it is stored only as a hash.</summary>
public sealed record UserWithPassword(UserView User, string OneTimePassword);
