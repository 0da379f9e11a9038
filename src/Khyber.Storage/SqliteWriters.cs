using System.Collections.Concurrent;

namespace Khyber.Storage;

/// <summary>
/// The writers of one SQLite file in this process, let through one at a time in the order they arrive.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time. A transaction that finds the file's write lock taken is retried by
/// Microsoft.Data.Sqlite after sleeping 150 ms, again and again, while writers that arrive later may take the lock in
/// between: under a burst of writes (the reopening rush) some waited seconds behind writers that came after them. Waiting
/// here instead, each writer takes the lock the moment the one before it lets go. Another process writing the same file
/// (the command line) still meets SQLite's own lock and its retries.
/// </remarks>
public static class SqliteWriters
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>How long a writer waits for its turn before it goes on to SQLite's own lock (and its retries) anyway.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits for the turn to write <paramref name="database"/> (its connection string); disposing the turn passes it on.
    /// A writer still waiting after <see cref="Patience"/> goes on without a turn, so a writer that waits here for another
    /// one of its own request can never hang: it meets SQLite's lock, as it did before this queue existed.
    /// </summary>
    public static async ValueTask<Turn> EnterAsync(string database, CancellationToken ct)
    {
        var gate = Gates.GetOrAdd(database, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(Patience, ct) ? new Turn(gate) : default;
    }

    /// <summary>A writer's turn; the default one (for a database that needs none) holds nothing.</summary>
    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
