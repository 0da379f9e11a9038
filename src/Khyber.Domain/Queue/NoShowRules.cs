using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Queue;

/// <summary>
/// Where a called truck's no-show deadline stands: it counts from <see cref="CountsFrom"/> (the call, or the last
/// reopening that restarted it); it is suspended since <see cref="SuspendedSince"/> while the way is shut; it was
/// <see cref="Missed"/> when it ran out while the way was open.
/// </summary>
public sealed record NoShowClock(DateTimeOffset CountsFrom, DateTimeOffset? SuspendedSince, bool Missed, TimeSpan Allowed)
{
    /// <summary>When the truck must have shown; null while the deadline is suspended.</summary>
    public DateTimeOffset? Deadline => SuspendedSince is null ? CountsFrom + Allowed : null;
}

/// <summary>Closures are not the driver's fault: a called truck whose way closes before its no-show deadline keeps its place.</summary>
/// <remarks>
/// The deadline is suspended from the moment the way is shut to the truck — its direction closed, or restricted to other
/// categories, or the crossing outside its operating hours — and restarts in full when it opens again: a driver turned
/// back at a shut gate needs the whole time again to return. Derived from the notices and the gate hours, whose times are
/// the only moments the way can change, so the answer does not depend on how often the operations clock ticks — a
/// closure that began and ended between two ticks still restarts the deadline, and a reopening is dated by its notice
/// or the gate's opening time, not by the tick that saw it.
/// A truck is missed only when now is past its deadline (as before: at the deadline itself it still has time).
/// </remarks>
public static class NoShowRules
{
    /// <summary>
    /// The clock of a deadline of <paramref name="allowed"/> counting from <paramref name="countsFrom"/>, given whether the way
    /// is passable at a time and the times at which it may change.
    /// </summary>
    public static NoShowClock Judge(
        DateTimeOffset countsFrom, TimeSpan allowed, Func<DateTimeOffset, bool> passable, IEnumerable<DateTimeOffset> changes, DateTimeOffset now)
    {
        var from = countsFrom;
        DateTimeOffset? suspended = passable(from) ? null : from;
        foreach (var change in changes.Where(t => t > countsFrom && t <= now).Distinct().Order())
        {
            if (suspended is null)
            {
                if (change > from + allowed)
                {
                    // The deadline ran out before the way changed.
                    break;
                }
                if (!passable(change))
                {
                    suspended = change;
                }
            }
            else if (passable(change))
            {
                from = change;
                suspended = null;
            }
        }
        return new NoShowClock(from, suspended, suspended is null && now > from + allowed, allowed);
    }

    /// <summary>
    /// The clock of a called truck at <paramref name="now"/>: its deadline is <see cref="Crossing.NoShowMinutes"/>, and its
    /// way is shut while a notice closes the direction (or restricts it to other cargo) or the crossing is outside its hours.
    /// </summary>
    public static NoShowClock Judge(Truck truck, Crossing crossing, IReadOnlyCollection<Notice> notices, DateTimeOffset now)
    {
        var countsFrom = truck.NoShowCountsFrom ?? truck.CalledAt ?? throw new InvalidOperationException("Only a called truck has a no-show deadline.");
        var hours = crossing.ShutBetween(countsFrom, now).SelectMany(span => new[] { span.From, span.To });
        return Judge(
            countsFrom,
            TimeSpan.FromMinutes(crossing.NoShowMinutes),
            at => crossing.IsOperating(at) && GateTimeline.StateOf(notices, truck.Direction, at).Lets(truck.Category),
            notices.Where(n => n.Covers(truck.Direction)).Select(n => n.EffectiveFrom).Concat(hours),
            now);
    }
}
