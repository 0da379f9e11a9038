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

    public Actor ToActor() => new(UserName ?? Id, Role, Side, CrossingId, CarrierId);
}

/// <summary>A transport company whose trucks use the crossings.</summary>
public sealed class Carrier
{
    public required string Id { get; init; }

    public required string Name { get; set; }
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
