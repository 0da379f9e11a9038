using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;

namespace Khyber.Storage;

/// <summary>
/// One change to an account — created, disabled, enabled, password reset or changed, unlocked — with the facts that
/// are not secret. Accounts themselves are not audited (their rows hold the password hash and the security stamp), so
/// user administration leaves its audit entry through this row, written in the same save as the account.
/// </summary>
public sealed class AccountChange
{
    public required Guid Id { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The account changed.</summary>
    public required string UserName { get; init; }

    public required AccountChangeKind Change { get; init; }

    /// <summary>Who changed it: an administrator, the user (their own password), the command line or the server's start.</summary>
    public required string By { get; init; }

    public required Role Role { get; init; }

    public Side? Side { get; init; }

    public string? CrossingId { get; init; }

    public string? CarrierId { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>Whether the user must choose a new password at the next sign-in (after a creation or a reset by an administrator).</summary>
    public required bool PasswordChangeRequired { get; init; }

    public static AccountChange Of(KhyberUser user, AccountChangeKind change, string by, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid(),
        At = at,
        UserName = user.UserName!,
        Change = change,
        By = by,
        Role = user.Role,
        Side = user.Side,
        CrossingId = user.CrossingId,
        CarrierId = user.CarrierId,
        DisplayName = user.DisplayName,
        PasswordChangeRequired = user.PasswordChangeRequired,
    };
}

/// <summary>A company's application for access, sent through the public form, until an administrator decides it.</summary>
public sealed class CarrierApplication
{
    public required Guid Id { get; init; }

    public required string CompanyName { get; init; }

    public required string Country { get; init; }

    public required string RegistrationNumber { get; init; }

    [PersonalData]
    public required string ContactName { get; init; }

    [PersonalData]
    public required string ContactPhone { get; init; }

    [PersonalData]
    public required string ContactEmail { get; init; }

    /// <summary>The username the company asks for its first account; the administrator may choose another when approving.</summary>
    public required string Username { get; init; }

    public string? Message { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    public ApplicationStatus Status { get; set; } = ApplicationStatus.Pending;

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecidedBy { get; set; }

    public string? RejectionReason { get; set; }

    /// <summary>The company made from it, once approved.</summary>
    public string? CarrierId { get; set; }
}
