namespace Khyber.Simulation.Queueing;

/// <summary>Runs replications in parallel, each from its own random stream.</summary>
internal static class ReplicationRunner
{
    /// <remarks>
    /// Replication <c>r</c> always draws from stream (seed, r) and lands in slot <c>r</c>, so the
    /// results are the same whatever the number of threads or the order they finish in.
    /// </remarks>
    public static ReplicationResult[] Run(
        QueueingSystem system,
        int replications,
        long seed,
        int? maxDegreeOfParallelism,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var results = new ReplicationResult[replications];
        var done = 0;
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
        Parallel.For(
            0,
            replications,
            options,
            () => new Replication(system),
            (r, _, replication) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[r] = replication.Run(r, unchecked((ulong)seed));
                progress?.Report(Interlocked.Increment(ref done));
                return replication;
            },
            _ => { });
        return results;
    }
}
