namespace Khyber.Domain.Commitments;

/// <summary>A meeting of the two sides' delegations: when, where, who, on what, and what was said.</summary>
public sealed class Meeting
{
    public required Guid Id { get; init; }

    /// <summary>The day it was held (no time of day: statements rarely give one).</summary>
    public required DateOnly HeldOn { get; init; }

    public required string Place { get; init; }

    /// <summary>Members of both delegations, each with its side, in the order given.</summary>
    public List<MeetingMember> Members { get; init; } = [];

    public required List<string> Topics { get; init; }

    public required string Summary { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    /// <summary>The side of the liaison who recorded it.</summary>
    public required Side RecordedBySide { get; init; }
}

/// <summary>One member of a side's delegation.</summary>
public sealed class MeetingMember
{
    public required Guid Id { get; init; }

    public Guid MeetingId { get; init; }

    public required Side Side { get; init; }

    /// <summary>Order within the meeting's members, as given.</summary>
    public required int Position { get; init; }

    public required string Name { get; init; }

    /// <summary>Office or rank, e.g. "Minister of Defence"; may be unknown.</summary>
    public string? Title { get; init; }
}

/// <summary>What the two sides agreed, from a meeting or standalone; it holds commitments of either side.</summary>
public sealed class Agreement
{
    public required Guid Id { get; init; }

    public required string Title { get; init; }

    public Guid? MeetingId { get; init; }

    public required DateOnly ConcludedOn { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    public required Side RecordedBySide { get; init; }
}
