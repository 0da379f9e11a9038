using Khyber.Domain.Trucks;

namespace Khyber.Domain.Notices;

/// <summary>A side's announcement that its gate changes state, with the reason the other side is owed.</summary>
public sealed class Notice
{
    public required Guid Id { get; init; }

    public required string CrossingId { get; init; }

    /// <summary>The issuing side; a side issues notices only for its own gate.</summary>
    public required Side Side { get; init; }

    public required GateState GateState { get; init; }

    public required List<Direction> Directions { get; init; }

    /// <summary>For a restricted gate: the cargo categories that still pass.</summary>
    public List<CargoCategory> AllowedCategories { get; init; } = [];

    public required ReasonCategory ReasonCategory { get; init; }

    public string? Reason { get; init; }

    public required DateTimeOffset EffectiveFrom { get; init; }

    public DateTimeOffset? ExpectedUntil { get; init; }

    public bool Emergency { get; init; }

    public string? EmergencyJustification { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required string IssuedBy { get; init; }

    public NoticeStatus Status { get; set; }

    public DateTimeOffset? InForceAt { get; set; }

    public DateTimeOffset? SupersededAt { get; set; }

    public Guid? SupersededBy { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    /// <summary>The incidents the notice acts on, in the order given; checked to exist when it is issued.</summary>
    public List<NoticeIncidentCitation> CitedIncidents { get; init; } = [];

    /// <summary>The commitments the notice acts on, in the order given; checked to exist when it is issued.</summary>
    public List<NoticeCommitmentCitation> CitedCommitments { get; init; } = [];

    /// <summary>When the notice was escalated for staying unacknowledged too long (notified again, flagged).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    public bool Covers(Direction direction) => Directions.Contains(direction);

    /// <summary>Records the other side's acknowledgement. Only the other side, and only once.</summary>
    public void Acknowledge(Side by, string user, DateTimeOffset at)
    {
        if (by == Side)
        {
            throw new StateConflictException("A notice is acknowledged by the other side, not by the side that issued it.");
        }
        if (AcknowledgedAt is not null)
        {
            throw new StateConflictException($"The notice was already acknowledged by {AcknowledgedBy} at {AcknowledgedAt:O}.");
        }
        AcknowledgedAt = at;
        AcknowledgedBy = user;
    }
}
