namespace Khyber.Storage.Audit;

/// <summary>One link of the hash chain: a change, who made it, and the hash binding it to everything before.</summary>
public sealed class AuditEntry
{
    public required long Seq { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public string? Side { get; init; }

    public required string Action { get; init; }

    public required string Subject { get; init; }

    /// <summary>Canonical JSON of what changed.</summary>
    public required string Payload { get; init; }

    public required string PayloadHash { get; init; }

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }
}

/// <summary>The chain's last link, one row: appending locks it, so concurrent writers queue instead of forking.</summary>
/// <remarks>
/// The database lets the row move only by one entry at a time, onto the hash it held (a trigger, see
/// <c>AuditConfiguration</c>): an append built on a head that has moved on — or that never came to be — fails as a
/// serialization failure, to be run again, whatever the writer believed.
/// </remarks>
public sealed class AuditHead
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    public long Seq { get; set; }

    public string Hash { get; set; } = AuditChain.Genesis;

    /// <summary>The hash the head held before its last move: the previous entry's, as the last entry names it.</summary>
    public string? PreviousHash { get; set; }
}

/// <summary>Who is changing things in the current unit of work, and why; set once per request or background job.</summary>
public sealed class AuditIdentity
{
    public string? Actor { get; set; }

    public string? Side { get; set; }

    public string? Action { get; set; }

    /// <summary>What the change is about when no created row names it, e.g. "trucks/{id}/exit".</summary>
    public string? Subject { get; set; }

    /// <summary>Replaces the list of changes as payload, for bulk work such as loading the demo.</summary>
    public string? PayloadOverride { get; set; }

    public bool IsSet => Actor is not null && Action is not null;

    public void Set(string actor, string? side, string action, string? subject = null)
    {
        Actor = actor;
        Side = side;
        Action = action;
        Subject = subject;
    }
}
