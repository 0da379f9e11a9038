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

    /// <summary>When the server saw the notice in force and announced it (a <c>status</c> event); null until then.</summary>
    /// <remarks>
    /// This is not the notice's status: that (scheduled, in force, superseded) is never stored but derived from the
    /// crossing's notices at the moment asked (<see cref="GateTimeline.StatusOf"/>), so it cannot disagree with the
    /// gates. What is stored is what must happen once only: the announcement, and the escalation.
    /// </remarks>
    public DateTimeOffset? InForceAt { get; private set; }

    public DateTimeOffset? AcknowledgedAt { get; private set; }

    public string? AcknowledgedBy { get; private set; }

    /// <summary>The incidents the notice acts on, in the order given; checked to exist when it is issued.</summary>
    public List<NoticeIncidentCitation> CitedIncidents { get; init; } = [];

    /// <summary>The commitments the notice acts on, in the order given; checked to exist when it is issued.</summary>
    public List<NoticeCommitmentCitation> CitedCommitments { get; init; } = [];

    /// <summary>When the notice was escalated for staying unacknowledged too long (notified again, flagged).</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }

    public bool Covers(Direction direction) => Directions.Contains(direction);

    /// <summary>
    /// The one way a notice comes to be, for a side's officer or liaison and for the demo alike: the terms as
    /// validated by <see cref="NoticeRules.Validate"/>, the records it cites, who issued it and when.
    /// </summary>
    public static Notice Issue(
        string crossingId, Side side, NoticeTerms terms, IEnumerable<Guid> incidents, IEnumerable<Guid> commitments, string issuedBy, DateTimeOffset issuedAt) => new()
    {
        Id = Guid.NewGuid(),
        CrossingId = crossingId,
        Side = side,
        GateState = terms.GateState,
        Directions = [.. terms.Directions],
        AllowedCategories = [.. terms.AllowedCategories],
        ReasonCategory = terms.ReasonCategory,
        Reason = terms.Reason,
        EffectiveFrom = terms.EffectiveFrom,
        ExpectedUntil = terms.ExpectedUntil,
        Emergency = terms.Emergency,
        EmergencyJustification = terms.EmergencyJustification,
        IssuedAt = issuedAt,
        IssuedBy = issuedBy,
        CitedIncidents = [.. incidents.Select((id, i) => new NoticeIncidentCitation { IncidentId = id, Position = i })],
        CitedCommitments = [.. commitments.Select((id, i) => new NoticeCommitmentCitation { CommitmentId = id, Position = i })],
    };

    /// <summary>Marks the notice as announced in force; see <see cref="NoticeLifecycle"/>.</summary>
    internal void AnnounceInForce(DateTimeOffset at) => InForceAt ??= at;

    /// <summary>Marks the notice as escalated; see <see cref="NoticeLifecycle"/>.</summary>
    internal void MarkEscalated(DateTimeOffset at) => EscalatedAt ??= at;

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
