namespace Khyber.Domain.Commitments;

/// <summary>What the obligor side says of its own progress on a commitment.</summary>
public enum ComplianceStatus
{
    OnTrack,
    Done,
    Failed,
}

/// <summary>Where a commitment stands, derived from its reports, disputes, due date and the time (see <see cref="CommitmentStatusRules"/>).</summary>
public enum CommitmentStatus
{
    Open,
    OnTrack,
    Done,
    Overdue,
    Failed,
    Disputed,
}

/// <summary>One side's promise within an agreement, with the obligor's compliance reports and the other side's disputes.</summary>
/// <remarks>
/// Reports and disputes are append-only and numbered in one sequence per commitment, so "the dispute
/// came after the last report" is exact even when both are stamped the same second.
/// </remarks>
public sealed class Commitment
{
    public required Guid Id { get; init; }

    public required Guid AgreementId { get; init; }

    /// <summary>The side that owes it.</summary>
    public required Side ObligorSide { get; init; }

    public required string Text { get; init; }

    /// <summary>Due by the end of this day on the obligor side's clock (<see cref="SideExtensions.TimeZoneId"/>); none for a standing commitment.</summary>
    public DateOnly? DueOn { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    public required Side RecordedBySide { get; init; }

    /// <summary>How many reports and disputes there are; numbers the next, and makes concurrent writers collide and retry.</summary>
    public int EventCount { get; private set; }

    public List<ComplianceReport> Reports { get; init; } = [];

    public List<CommitmentDispute> Disputes { get; init; } = [];

    public CommitmentStatus StatusAt(DateTimeOffset now) =>
        CommitmentStatusRules.Derive(
            DueOn,
            Reports.Select(r => (r.Sequence, r.Status)),
            Disputes.Select(d => d.Sequence),
            now,
            Crossings.WallClock.Zone(ObligorSide.TimeZoneId()));

    /// <summary>The obligor reports its progress; only the obligor side may.</summary>
    public ComplianceReport Report(Side by, ComplianceStatus status, string evidence, string user, DateTimeOffset at)
    {
        if (by != ObligorSide)
        {
            throw new StateConflictException($"Compliance is reported by the side that owes the commitment ({ObligorSide}).");
        }
        var report = new ComplianceReport
        {
            Id = Guid.NewGuid(),
            CommitmentId = Id,
            Sequence = ++EventCount,
            Status = status,
            Evidence = evidence,
            ReportedAt = at,
            ReportedBy = user,
        };
        Reports.Add(report);
        return report;
    }

    /// <summary>The other side disputes the commitment's keeping; the obligor side cannot dispute itself.</summary>
    public CommitmentDispute Dispute(Side by, string statement, string user, DateTimeOffset at)
    {
        if (by == ObligorSide)
        {
            throw new StateConflictException($"A commitment is disputed by the side it is owed to ({ObligorSide.Other()}).");
        }
        var dispute = new CommitmentDispute
        {
            Id = Guid.NewGuid(),
            CommitmentId = Id,
            Sequence = ++EventCount,
            Statement = statement,
            RaisedAt = at,
            RaisedBy = user,
        };
        Disputes.Add(dispute);
        return dispute;
    }
}

/// <summary>The obligor side's account of its progress, with evidence.</summary>
public sealed class ComplianceReport
{
    public required Guid Id { get; init; }

    public required Guid CommitmentId { get; init; }

    /// <summary>Place among the commitment's reports and disputes, from 1.</summary>
    public required int Sequence { get; init; }

    public required ComplianceStatus Status { get; init; }

    public required string Evidence { get; init; }

    public required DateTimeOffset ReportedAt { get; init; }

    public required string ReportedBy { get; init; }
}

/// <summary>The other side's statement that the commitment is not being kept (or not as reported).</summary>
public sealed class CommitmentDispute
{
    public required Guid Id { get; init; }

    public required Guid CommitmentId { get; init; }

    /// <summary>Place among the commitment's reports and disputes, from 1.</summary>
    public required int Sequence { get; init; }

    public required string Statement { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public required string RaisedBy { get; init; }
}
