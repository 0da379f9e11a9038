namespace Khyber.Simulation.Replications;

/// <summary>What one replication measured for one class of trucks (or for all of them).</summary>
/// <remarks>
/// Counts and waits cover trucks that arrived after the warm-up (and, without a warm-up, the
/// initial queue). Waits are in the queue, before service starts, in minutes, and only of trucks
/// whose service started within the horizon; those still waiting at the horizon are counted in
/// <see cref="StillWaiting"/>.
/// </remarks>
public sealed record ClassTally(
    string Name,
    long Arrived,
    long Blocked,
    long Served,
    long StillWaiting,
    long Spoiled,
    double SpoiledValueUsd,
    long Waits,
    double MeanWaitMinutes,
    double P50WaitMinutes,
    double P90WaitMinutes,
    double P99WaitMinutes,
    double ProbabilityOfWaiting,
    IReadOnlyList<double> ProbabilityWaitAbove)
{
    public double BlockedFraction => Arrived > 0 ? (double)Blocked / Arrived : double.NaN;
}

/// <summary>Everything one replication measured.</summary>
/// <remarks>
/// <c>ClearanceHours</c> is the time from the reopening until the backlog is back to what it was
/// when the closure began; <c>StrandedCalledHours</c> the time until the last truck stranded by the
/// closure was called. Each is the time left in the horizon if it did not happen, null without a closure.
/// <c>Backlog</c> holds the trucks waiting, not in service, at each backlog sample time;
/// <c>BacklogByClass</c> the same for each class.
/// <c>LaneUtilisation</c> is busy lane-hours over open lane-hours after the warm-up.
/// </remarks>
public sealed record ReplicationResult(
    int Replication,
    IReadOnlyList<ClassTally> Classes,
    ClassTally All,
    double LaneUtilisation,
    double MeanQueueLength,
    IReadOnlyList<int> Backlog,
    IReadOnlyList<IReadOnlyList<int>> BacklogByClass,
    double? ClearanceHours,
    bool ClearedWithinHorizon,
    double? StrandedCalledHours,
    long Crossed,
    long Events);
