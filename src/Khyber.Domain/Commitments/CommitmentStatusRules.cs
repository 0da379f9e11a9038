using Khyber.Domain.Crossings;

namespace Khyber.Domain.Commitments;

/// <summary>A commitment's status, derived — never stored — from what both sides have said and the calendar.</summary>
/// <remarks>
/// Precedence, first match wins:
/// <list type="number">
/// <item><b>disputed</b> — a dispute came after the obligor's latest report (or there is a dispute and no report yet): the
/// other side contests it and the obligor has not answered with a new report;</item>
/// <item><b>failed</b> — the latest report says failed;</item>
/// <item><b>done</b> — the latest report says done (even if that was after the due date);</item>
/// <item><b>overdue</b> — the due day has ended on the obligor side's clock (midnight in Asia/Karachi for Pakistan,
/// Asia/Kabul for Afghanistan) without a done report;</item>
/// <item><b>on-track</b> — the latest report says on track;</item>
/// <item><b>open</b> — nothing reported yet.</item>
/// </list>
/// A new report after a dispute is the obligor's answer to it, so the status follows the report again; a
/// dispute raised after that makes it disputed once more. Only the latest report counts: a side may report
/// failed and later done, or done and later failed.
/// </remarks>
public static class CommitmentStatusRules
{
    public static CommitmentStatus Derive(
        DateOnly? dueOn, IEnumerable<(int Sequence, ComplianceStatus Status)> reports, IEnumerable<int> disputeSequences, DateTimeOffset now, TimeZoneInfo obligorZone)
    {
        (int Sequence, ComplianceStatus Status)? latest = null;
        foreach (var report in reports)
        {
            if (latest is null || report.Sequence > latest.Value.Sequence)
            {
                latest = report;
            }
        }
        var latestDispute = disputeSequences.DefaultIfEmpty(0).Max();
        if (latestDispute > 0 && latestDispute > (latest?.Sequence ?? 0))
        {
            return CommitmentStatus.Disputed;
        }
        return latest?.Status switch
        {
            ComplianceStatus.Failed => CommitmentStatus.Failed,
            ComplianceStatus.Done => CommitmentStatus.Done,
            _ when IsPastDue(dueOn, now, obligorZone) => CommitmentStatus.Overdue,
            ComplianceStatus.OnTrack => CommitmentStatus.OnTrack,
            _ => CommitmentStatus.Open,
        };
    }

    /// <summary>
    /// Past due once the due day has ended on the obligor's clock: a commitment Afghanistan owes by the 28th is kept on
    /// time until midnight in Kabul (19:30 UTC), one Pakistan owes until midnight in Karachi (19:00 UTC). The side that
    /// owes it keeps its own calendar, and the other side reads the same day as it.
    /// </summary>
    public static bool IsPastDue(DateOnly? dueOn, DateTimeOffset now, TimeZoneInfo obligorZone) =>
        dueOn is { } due && WallClock.Today(now, obligorZone) > due;
}
