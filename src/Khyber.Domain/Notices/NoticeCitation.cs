namespace Khyber.Domain.Notices;

/// <summary>An incident a notice acts on, so the other side sees what the gate change answers.</summary>
public sealed class NoticeIncidentCitation
{
    public required Guid IncidentId { get; init; }

    /// <summary>Order as the issuing side listed them.</summary>
    public required int Position { get; init; }
}

/// <summary>A commitment (usually a disputed one) a notice acts on.</summary>
public sealed class NoticeCommitmentCitation
{
    public required Guid CommitmentId { get; init; }

    /// <summary>Order as the issuing side listed them.</summary>
    public required int Position { get; init; }
}
