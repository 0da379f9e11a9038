namespace Khyber.Simulation.Replications;

/// <summary>What one replication measured for one class of trucks (or for all of them).</summary>
/// <remarks>
/// Counts and waits cover trucks that arrived after the warm-up (and, without a warm-up, the
/// initial queue). Waits are in the queue, before service starts, in minutes, and only of trucks
/// whose service started within the horizon; those still waiting at the horizon are counted in
/// <see cref="StillWaiting"/>. Every truck that arrived is, at the horizon, exactly one of:
/// <see cref="Blocked"/> (turned away on arrival: the crossing or its parking was full),
/// <see cref="Served"/> (crossed), <see cref="Reneged"/> (gave up waiting), in service, or still waiting.
/// <see cref="Spoiled"/> counts the perishables whose wait passed their limit, whether they then
/// crossed, gave up or are still waiting. <see cref="Arrived"/> includes the trucks diverted here from
/// another crossing (<see cref="DivertedIn"/>); <see cref="DivertedOut"/> are the trucks turned away or
/// giving up here that drove on to another crossing.
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
    IReadOnlyList<double> ProbabilityWaitAbove,
    long Reneged = 0,
    double RenegedValueUsd = 0,
    long DivertedIn = 0,
    long DivertedOut = 0)
{
    /// <summary>The share of arrivals that gave up waiting.</summary>
    public double RenegedFraction => Arrived > 0 ? (double)Reneged / Arrived : double.NaN;

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
/// <c>GaveUpByClass</c>, <c>TurnedAwayByClass</c> and <c>SpoiledValueByClass</c> are running totals at
/// each backlog sample time: trucks that gave up, were turned away, and the value of cargo that had
/// spoiled in the queue by then (a truck counts from the moment its wait passed its limit).
/// In a network of crossings there is one result per crossing, <c>Station</c> naming it.
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
    long Events)
{
    public string Station { get; init; } = "";

    public IReadOnlyList<IReadOnlyList<int>> GaveUpByClass { get; init; } = [];

    public IReadOnlyList<IReadOnlyList<int>> TurnedAwayByClass { get; init; } = [];

    public IReadOnlyList<IReadOnlyList<double>> SpoiledValueByClass { get; init; } = [];
}
