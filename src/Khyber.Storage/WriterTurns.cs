using System.Collections.Concurrent;

namespace Khyber.Storage;

/// <summary>
/// The writers of one database in this process, let through a few at a time in the order they arrive: before a writer
/// begins a transaction of its own (and takes a connection for it), it waits here for a turn.
/// </summary>
/// <remarks>
/// <para>SQLite, one turn at a time: the file has one writer at a time, and a transaction that finds the write lock taken
/// is retried by Microsoft.Data.Sqlite after sleeping 150 ms, again and again, while writers that arrive later may take
/// the lock in between — under a burst of writes (the reopening rush) some waited seconds behind writers that came after
/// them. Waiting here instead, each takes the lock the moment the one before it lets go.</para>
/// <para>PostgreSQL, a few turns at a time: every audited writer appends to the one audit chain under its head's row lock,
/// so writers commit one after another whatever their number; each waiting writer holds a pooled connection, and in the
/// rush the writers waiting on that lock held all of them (60 of 64), so that status computations and every other read
/// waited for a connection behind them. Waiting here holds none; the few let through keep the next append ready.</para>
/// <para>Another process writing the same database (the command line, another instance) still meets the database's own
/// locks.</para>
/// </remarks>
public static class WriterTurns
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>How long a writer waits for its turn before it goes on to the database's own locks anyway.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Waits for a turn to write <paramref name="database"/> (its connection string), of which there are
    /// <paramref name="turns"/> (fixed by the first writer of the database); disposing the turn passes it on. A writer still
    /// waiting after <see cref="Patience"/> goes on without a turn, so a writer that waits here for another one of its own
    /// request can never hang: it meets the database's lock, as it did before this queue existed.
    /// </summary>
    public static async ValueTask<Turn> EnterAsync(string database, int turns, CancellationToken ct)
    {
        var gate = Gates.GetOrAdd(database, _ => new SemaphoreSlim(turns, turns));
        return await gate.WaitAsync(Patience, ct) ? new Turn(gate) : default;
    }

    /// <summary>A writer's turn; the default one (for a database that needs none) holds nothing.</summary>
    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
