using System.Collections.Concurrent;
using System.Diagnostics;
using Khyber.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Storage;

/// <summary>
/// Counts the committed changes to border data, by database and by crossing, so that a reader keeping a derived view
/// (a crossing's public status) knows at once when it may be stale — and recomputes only the crossings a change touched.
/// </summary>
/// <remarks>
/// Keyed by the database (its connection string), not by process: two applications in one process on different
/// databases (the tests) never invalidate each other. A change committed by another process is learned by polling the
/// audit chain's head (<see cref="Foreign"/>): the sequence numbers this process committed are remembered, so that only
/// the others' count as foreign.
/// </remarks>
public static class StoreChanges
{
    private static long _version;
    private static readonly ConcurrentDictionary<string, Database> Databases = new(StringComparer.Ordinal);

    /// <summary>The name under which a change to the set of crossings (one created, renamed, its gates' settings) counts.</summary>
    public const string CrossingSet = "";

    /// <summary>Every change this process committed, on any database.</summary>
    public static long Current => Interlocked.Read(ref _version);

    /// <summary>The version of one crossing's data on a database: it grows with every committed change that touched the crossing.</summary>
    public static long Of(string database, string crossingId) => Of(database).VersionOf(crossingId);

    /// <summary>The version of everything a database holds: it grows with every committed change.</summary>
    public static long Everything(string database) => Of(database).Everything;

    /// <summary>
    /// A unit of work committed: it touched these crossings (null: possibly any) and wrote these rows of them
    /// (<paramref name="rows"/>: every truck it wrote, and the crossings whose other rows it wrote). An audited unit told
    /// its number before it committed (<see cref="Appending"/>).
    /// </summary>
    public static void Committed(string database, IReadOnlyCollection<string>? crossingIds, WrittenRows rows)
    {
        Interlocked.Increment(ref _version);
        var db = Of(database);
        // Journaled before the versions move: a reader that sees a version has the change's rows in the journal too.
        db.Journal.Add(crossingIds is null ? null : rows);
        if (crossingIds is null)
        {
            db.TouchAll();
        }
        else
        {
            db.Touch(crossingIds);
        }
    }

    /// <summary>
    /// An audited unit of this process is about to commit as <paramref name="seq"/> (the chain lets no one else commit that
    /// number meanwhile): when the head is seen at that number before the unit has told <see cref="Committed"/>, it is not
    /// taken for another instance's change.
    /// </summary>
    public static void Appending(string database, long seq)
    {
        var db = Of(database);
        db.Local[seq] = 0;
        // Unless a look at the head takes them away (one instance alone, watching nothing), keep only the recent ones.
        if (db.Local.Count > 4096)
        {
            foreach (var old in db.Local.Keys.Where(k => k < seq - 2048))
            {
                db.Local.TryRemove(old, out _);
            }
        }
    }

    /// <summary>The unit that was appending as <paramref name="seq"/> did not commit: the number will be someone else's.</summary>
    public static void AppendFailed(string database, long seq) => Of(database).Local.TryRemove(seq, out _);

    /// <summary>
    /// Reads the audit chain's head and tells every change another instance committed since the last look
    /// (<see cref="Foreign"/>). Afterwards every change committed before the call began is known to this process — truck by
    /// truck when it was this process's own, as a change of unknown extent otherwise — so a reader that brings a view up
    /// to date from the journal (<see cref="ChangesOf"/>) misses none. One look at a time per database; a caller who waited
    /// while another look began and ended takes that one's, which began after the call did.
    /// </summary>
    public static async Task CatchUpAsync(KhyberDb db, CancellationToken ct)
    {
        var database = db.DatabaseKey;
        var state = Of(database);
        var called = Stopwatch.GetTimestamp();
        await state.Watch.WaitAsync(ct);
        try
        {
            if (state.LookBegan > called)
            {
                return;
            }
            var began = Stopwatch.GetTimestamp();
            if (await HeadQuery(db, ct) is { } head)
            {
                if (state.Seen is { } before && head > before)
                {
                    Foreign(database, before, head);
                }
                if (state.Seen is not { } seen || head > seen)
                {
                    state.Seen = head;
                }
            }
            state.LookBegan = began;
        }
        finally
        {
            state.Watch.Release();
        }
    }

    private static readonly Func<KhyberDb, CancellationToken, Task<long?>> HeadQuery =
        EF.CompileAsyncQuery((KhyberDb db, CancellationToken ct) =>
            db.AuditHeads.AsNoTracking().Where(h => h.Id == AuditHead.SingletonId).Select(h => (long?)h.Seq).SingleOrDefault());

    /// <summary>
    /// The audit head now stands at <paramref name="head"/>: any sequence number in (<paramref name="seen"/>, head] that this
    /// process did not commit is another instance's change, of which only the audit chain tells — so every crossing is stale.
    /// </summary>
    /// <returns>Whether a foreign change was found.</returns>
    public static bool Foreign(string database, long seen, long head)
    {
        var db = Of(database);
        var foreign = false;
        for (var seq = seen + 1; seq <= head; seq++)
        {
            if (!db.Local.TryRemove(seq, out _))
            {
                foreign = true;
            }
        }
        foreach (var old in db.Local.Keys.Where(k => k <= seen))
        {
            db.Local.TryRemove(old, out _);
        }
        if (foreign)
        {
            Interlocked.Increment(ref _version);
            db.Journal.Add(null);
            db.TouchAll();
        }
        return foreign;
    }

    /// <summary>Where a database's journal of changes stands: read before loading, to ask later what changed since.</summary>
    public static long Mark(string database) => Of(database).Journal.Mark;

    /// <summary>
    /// What the changes this process committed after <paramref name="since"/> and up to <paramref name="upTo"/> (two
    /// <see cref="Mark"/>s) wrote of a crossing: its trucks, and whether they wrote any of its other rows (its settings,
    /// sides, gates' directions, notices — a direction's queue counter alone does not count). Null when that is not known:
    /// a change among them of unknown extent (another instance's, or one that touched possibly every crossing) or too old
    /// to be remembered.
    /// </summary>
    public static ChangedRows? ChangesOf(string database, string crossingId, long since, long upTo) =>
        Of(database).Journal.ChangesOf(crossingId, since, upTo);

    private static Database Of(string database) => Databases.GetOrAdd(database, _ => new Database());

    /// <summary>
    /// The rows each of the recent changes wrote, numbered in the order they were told: a bounded window, the oldest
    /// forgotten first (a reader further behind than the window loads everything again).
    /// </summary>
    private sealed class ChangeJournal
    {
        private const int Window = 8192;
        private readonly WrittenRows?[] _changes = new WrittenRows?[Window];
        private readonly Lock _lock = new();
        private long _mark;

        public long Mark
        {
            get
            {
                lock (_lock)
                {
                    return _mark;
                }
            }
        }

        /// <param name="rows">Null: a change of unknown extent.</param>
        public void Add(WrittenRows? rows)
        {
            lock (_lock)
            {
                _mark++;
                _changes[_mark % Window] = rows;
            }
        }

        public ChangedRows? ChangesOf(string crossingId, long since, long upTo)
        {
            lock (_lock)
            {
                if (since < 0 || upTo > _mark || since > upTo || _mark - since >= Window)
                {
                    return null;
                }
                var trucks = new HashSet<Guid>();
                var otherRows = false;
                for (var m = since + 1; m <= upTo; m++)
                {
                    if (_changes[m % Window] is not { } changed)
                    {
                        return null;
                    }
                    foreach (var truck in changed.Trucks)
                    {
                        if (string.Equals(truck.CrossingId, crossingId, StringComparison.Ordinal))
                        {
                            trucks.Add(truck.TruckId);
                        }
                    }
                    otherRows |= changed.OtherRowsOf.Contains(crossingId);
                }
                return new ChangedRows(trucks, otherRows);
            }
        }
    }

    private sealed class Database
    {
        public ChangeJournal Journal { get; } = new();

        /// <summary>Held by one look at the audit head at a time (<see cref="CatchUpAsync"/>).</summary>
        public SemaphoreSlim Watch { get; } = new(1, 1);

        /// <summary>The audit head at the last look.</summary>
        public long? Seen { get; set; }

        /// <summary>When the last look that was told began (<see cref="Stopwatch.GetTimestamp"/>).</summary>
        public long LookBegan { get; set; }

        private readonly ConcurrentDictionary<string, long> _crossings = new(StringComparer.Ordinal);
        private long _all;
        private long _everything;

        public ConcurrentDictionary<long, byte> Local { get; } = new();

        public long Everything => Interlocked.Read(ref _everything);

        /// <summary>The sum of two counters that only grow: it grows whenever either does.</summary>
        public long VersionOf(string crossingId) => Interlocked.Read(ref _all) + _crossings.GetValueOrDefault(crossingId);

        public void Touch(IReadOnlyCollection<string> crossingIds)
        {
            foreach (var id in crossingIds)
            {
                _crossings.AddOrUpdate(id, 1, (_, v) => v + 1);
            }
            Interlocked.Increment(ref _everything);
        }

        public void TouchAll()
        {
            Interlocked.Increment(ref _all);
            Interlocked.Increment(ref _everything);
        }
    }
}

/// <summary>A truck a committed change wrote (added, changed or deleted), at the crossing it belongs to.</summary>
public readonly record struct TruckChange(string CrossingId, Guid TruckId);

/// <summary>
/// The rows of crossings a committed change wrote: every truck, and the crossings whose other rows it wrote (the crossing's
/// own row, its sides, directions, notices, calls — anything naming it but a truck, and but a direction's queue counter
/// alone, which every check-in moves and no reader of a crossing's status shows).
/// </summary>
public sealed record WrittenRows(IReadOnlyCollection<TruckChange> Trucks, IReadOnlySet<string> OtherRowsOf);

/// <summary>What changes wrote of one crossing: these trucks, and with <paramref name="OtherRows"/> some of its other rows.</summary>
public sealed record ChangedRows(IReadOnlySet<Guid> Trucks, bool OtherRows);
