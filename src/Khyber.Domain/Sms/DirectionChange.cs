using Khyber.Domain.Notices;

namespace Khyber.Domain.Sms;

/// <summary>A direction that closed or reopened because notices came into force, with the notice that did it.</summary>
public sealed record DirectionChange(Direction Direction, bool Closed, Notice Cause, DateTimeOffset? ExpectedUntil);

/// <summary>Which directions the notices coming into force now close or reopen — what drivers are told.</summary>
public static class DirectionChanges
{
    /// <summary>
    /// Compares each direction's state without and with <paramref name="cameIntoForce"/> (a subset of
    /// <paramref name="notices"/>): a direction blocked only with them closed; one blocked only without them reopened.
    /// </summary>
    /// <remarks>
    /// A notice comes into force once (<see cref="NoticeLifecycle.ComeIntoForce"/>), so each change is found once, and
    /// its notice names the event the drivers' messages are keyed on.
    /// </remarks>
    public static IReadOnlyList<DirectionChange> Of(IReadOnlyCollection<Notice> notices, IReadOnlyCollection<Notice> cameIntoForce, DateTimeOffset now)
    {
        if (cameIntoForce.Count == 0)
        {
            return [];
        }
        var before = notices.Where(n => !cameIntoForce.Contains(n)).ToList();
        var changes = new List<DirectionChange>();
        foreach (var direction in Directions.All)
        {
            var was = GateTimeline.StateOf(before, direction, now);
            var isNow = GateTimeline.StateOf(notices, direction, now);
            if (was.Blocked == isNow.Blocked)
            {
                continue;
            }
            var cause = isNow.Blocked
                ? isNow.Cause
                : cameIntoForce.Where(n => n.Covers(direction)).OrderByDescending(n => n.EffectiveFrom).ThenByDescending(n => n.IssuedAt).FirstOrDefault();
            if (cause is not null)
            {
                changes.Add(new DirectionChange(direction, isNow.Blocked, cause, isNow.Blocked ? isNow.ExpectedUntil : null));
            }
        }
        return changes;
    }
}
