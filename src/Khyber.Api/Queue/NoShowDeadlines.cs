using Khyber.Api.Trucks;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;

namespace Khyber.Api.Queue;

/// <summary>
/// What one tick did to the called trucks' no-show deadlines: those whose deadline ran out (to be sent to the back, in the
/// order their deadlines fell), those whose deadline stands still because their way closed before it ran out, and those
/// whose deadline restarted on a reopening.
/// </summary>
/// <remarks>
/// The hook for telling the driver: a text "your direction closed, you keep your place" belongs with
/// <see cref="Suspended"/>, "it reopened, report by …" with <see cref="Restarted"/> (the new deadline is
/// <see cref="NoShowRules.Judge(Truck, Crossing, IReadOnlyCollection{Notice}, DateTimeOffset)"/>'s
/// <see cref="NoShowClock.Deadline"/>). Each is also a <c>truck</c> event to the carrier (<c>no-show-suspended</c>,
/// <c>no-show-restarted</c>) in the same transaction, once: a truck already suspended is not reported again.
/// </remarks>
public sealed record NoShowTick(IReadOnlyList<Truck> Missed, IReadOnlyList<Truck> Suspended, IReadOnlyList<Truck> Restarted)
{
    public bool Changed => Missed.Count + Suspended.Count + Restarted.Count > 0;
}

/// <summary>Applies <see cref="NoShowRules"/> to a crossing's called trucks in the operations tick.</summary>
public static class NoShowDeadlines
{
    /// <summary>
    /// Judges every called truck of <paramref name="queued"/>: suspends or restarts deadlines on the trucks (announcing
    /// each change) and returns those missed, for the tick to send to the back.
    /// </summary>
    public static NoShowTick Judge(KhyberDb db, Crossing crossing, IEnumerable<Truck> queued, IReadOnlyCollection<Notice> notices, DateTimeOffset now)
    {
        var allowed = TimeSpan.FromMinutes(crossing.NoShowMinutes);
        var missed = new List<(Truck Truck, DateTimeOffset Deadline)>();
        var suspended = new List<Truck>();
        var restarted = new List<Truck>();
        foreach (var truck in queued.Where(t => t.Status == TruckStatus.Called))
        {
            var clock = NoShowRules.Judge(truck, crossing, notices, now);
            if (clock.Missed)
            {
                missed.Add((truck, clock.CountsFrom + allowed));
                continue;
            }
            if (clock.CountsFrom != (truck.NoShowCountsFrom ?? truck.CalledAt))
            {
                truck.RestartNoShow(clock.CountsFrom, now);
                TruckEvents.Publish(db, truck, "no-show-restarted", now);
                restarted.Add(truck);
            }
            if (clock.SuspendedSince is { } since && truck.NoShowSuspendedSince != since)
            {
                truck.SuspendNoShow(since, now);
                TruckEvents.Publish(db, truck, "no-show-suspended", now);
                suspended.Add(truck);
            }
        }
        return new NoShowTick([.. missed.OrderBy(m => m.Deadline).Select(m => m.Truck)], suspended, restarted);
    }
}
