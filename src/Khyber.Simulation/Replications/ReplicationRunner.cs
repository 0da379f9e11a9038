using System.Collections.Concurrent;

namespace Khyber.Simulation.Replications;

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
        CancellationToken cancellationToken) =>
        [.. RunAll(system, replications, seed, maxDegreeOfParallelism, progress, cancellationToken).Select(r => r[0])];

    /// <returns>For each replication, one result per station.</returns>
    public static ReplicationResult[][] RunAll(
        QueueingSystem system,
        int replications,
        long seed,
        int? maxDegreeOfParallelism,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        var results = new ReplicationResult[replications][];
        var done = 0;
        var options = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
        // Parallel.For may start more worker tasks than cores; pooling the replications lets each
        // new task reuse the grown buffers of a finished one instead of growing its own again.
        var pool = new ConcurrentBag<Replication>();
        Parallel.For(
            0,
            replications,
            options,
            () => pool.TryTake(out var reused) ? reused : new Replication(system),
            (r, _, replication) =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[r] = replication.RunAll(r, unchecked((ulong)seed));
                progress?.Report(Interlocked.Increment(ref done));
                return replication;
            },
            pool.Add);
        return results;
    }
}
