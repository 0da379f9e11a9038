namespace Khyber.Domain.Notices;

/// <summary>
/// What happens to a crossing's notices as time passes: each is announced once when it comes into force, and a
/// notice the other side leaves unacknowledged too long is escalated once.
/// </summary>
/// <remarks>
/// A notice's status is derived (<see cref="GateTimeline.StatusOf"/>); this keeps only the two things that must
/// happen exactly once, whichever server instance or tick sees them first.
/// </remarks>
public static class NoticeLifecycle
{
    /// <summary>The notices whose time has come and that were not announced yet, oldest first; marks them announced.</summary>
    public static IReadOnlyList<Notice> ComeIntoForce(IEnumerable<Notice> sameCrossing, DateTimeOffset now)
    {
        var due = sameCrossing.Where(n => n.InForceAt is null && n.EffectiveFrom <= now).OrderBy(n => n.EffectiveFrom).ThenBy(n => n.IssuedAt).ToList();
        foreach (var notice in due)
        {
            notice.AnnounceInForce(now);
        }
        return due;
    }

    /// <summary>
    /// The notices still unacknowledged <paramref name="after"/> their issue and still current (scheduled or in
    /// force), not escalated before; marks them escalated.
    /// </summary>
    /// <remarks>A superseded notice is history: nobody needs to be chased to acknowledge it any more.</remarks>
    public static IReadOnlyList<Notice> Escalate(IReadOnlyCollection<Notice> sameCrossing, DateTimeOffset now, TimeSpan after)
    {
        var due = sameCrossing
            .Where(n => n.AcknowledgedAt is null && n.EscalatedAt is null && n.IssuedAt <= now - after)
            .Where(n => GateTimeline.StatusOf(n, sameCrossing, now, out _) != NoticeStatus.Superseded)
            .OrderBy(n => n.IssuedAt)
            .ToList();
        foreach (var notice in due)
        {
            notice.MarkEscalated(now);
        }
        return due;
    }
}
