namespace Khyber.Simulation.Engine;

/// <summary>One pending event: when it fires, what kind it is and whom it concerns.</summary>
/// <remarks>
/// A plain struct so that the event queue holds its events inline in one array and scheduling
/// allocates nothing. <see cref="Sequence"/> is the order of scheduling; it breaks ties in time so
/// that simultaneous events fire first-in-first-out, which makes a run reproducible.
/// </remarks>
public readonly record struct ScheduledEvent(double Time, long Sequence, int Kind, int Subject)
{
    /// <summary>Whether this event fires before <paramref name="other"/>.</summary>
    public bool Precedes(in ScheduledEvent other) =>
        Time < other.Time || (Time == other.Time && Sequence < other.Sequence);
}
