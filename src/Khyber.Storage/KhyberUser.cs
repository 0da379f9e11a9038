using Khyber.Domain;
using Khyber.Domain.Access;
using Microsoft.AspNetCore.Identity;

namespace Khyber.Storage;

/// <summary>A person who signs in: a role, a side, and the crossing or carrier they act for.</summary>
public sealed class KhyberUser : IdentityUser
{
    public Role Role { get; set; }

    public Side? Side { get; set; }

    /// <summary>An officer's crossing.</summary>
    public string? CrossingId { get; set; }

    /// <summary>A carrier user's company.</summary>
    public string? CarrierId { get; set; }

    public string DisplayName { get; set; } = "";

    /// <summary>When an administrator disabled the account; null while it may sign in. Its tokens and cookies stop working at once.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Set while the password is a one-time password an administrator passed on: no token until the user chooses their own.</summary>
    public bool PasswordChangeRequired { get; set; }

    /// <summary>
    /// The shared secret of the user's authenticator (RFC 6238, base32), set when enrolment begins; the account is not
    /// audited, so the secret never reaches an audit payload.
    /// </summary>
    public string? TotpSecret { get; set; }

    /// <summary>When the user confirmed their authenticator with a code; null while enrolment is pending or there is none.</summary>
    public DateTimeOffset? SecondFactorEnrolledAt { get; set; }

    /// <summary>The last time step whose code was accepted: a code of this step or an earlier one is refused, so a code seen over a shoulder cannot be replayed.</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>SHA-256 hashes (hex, space-separated) of the recovery codes not yet used; each is removed when used.</summary>
    public string? RecoveryCodeHashes { get; set; }

    public Actor ToActor() => new(UserName ?? Id, Role, Side, CrossingId, CarrierId);
}

/// <summary>A transport company whose trucks use the crossings; its accounts are carrier users with its id.</summary>
public sealed class Carrier
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>Where the company is registered: ISO 3166 alpha-2.</summary>
    public required string Country { get; set; }

    public required string RegistrationNumber { get; set; }

    [Khyber.Domain.PersonalData]
    public required string ContactName { get; set; }

    /// <summary>E.164, such as +923001234567.</summary>
    [Khyber.Domain.PersonalData]
    public required string ContactPhone { get; set; }

    [Khyber.Domain.PersonalData]
    public required string ContactEmail { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The application it was approved from, if it applied.</summary>
    public Guid? ApplicationId { get; init; }
}

/// <summary>
/// The stored answer to a creating request sent with an <c>Idempotency-Key</c>, so a retry gets the
/// same result instead of a second truck or notice.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Owner { get; init; }

    public required string Key { get; init; }

    public required string Endpoint { get; init; }

    public required string RequestHash { get; init; }

    /// <summary>Null while the first request is still being processed.</summary>
    public int? StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }
}

/// <summary>One point of the stranded time series of a direction.</summary>
public sealed class StrandedSnapshot
{
    public long Id { get; init; }

    public required string CrossingId { get; init; }

    public required Direction Direction { get; init; }

    public required DateTimeOffset At { get; init; }

    public required bool Blocked { get; init; }

    public required int Trucks { get; init; }

    public required int PerishableTrucks { get; init; }

    public required int SpoilingBeforeReopening { get; init; }

    public required decimal ValueAtRiskUsd { get; init; }
}
