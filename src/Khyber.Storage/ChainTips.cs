using System.Collections.Concurrent;
using Khyber.Domain;

namespace Khyber.Storage;

/// <summary>
/// PostgreSQL: the audit chain's head as this process's last append left it, and the turn to append from it — so that an
/// append need not lock and read the head first, and holds the chain for one round trip instead of three.
/// </summary>
/// <remarks>
/// <para>This process's audited writers of one database take the turn one at a time (<see cref="Tip.EnterAsync"/>). The one
/// holding it links its entry to the head kept here, takes its queue numbers from the counters kept here, and sends its
/// whole change in one batch. The batch's first statement moves the head (its table sorts first), so it waits for the
/// previous writer's commit, and the database's trigger lets the head move only by one entry onto the hash it held; a
/// direction's counter is written where its version is the one kept. Once the batch is through, the head and counters
/// kept here are its own and the turn passes on; its commit follows while the next writer's batch waits for the head's
/// row lock, so commits go in chain order.</para>
/// <para>What is kept is only ever a guess that saves a round trip: the database decides. Another process's append (the
/// command line, another instance), a unit that holds the head's lock from its first read, or a writer that rolled back
/// after its batch makes it stale; the next batch built on it is turned away by the trigger as a serialization failure
/// and its unit runs again, and what is kept is forgotten (<see cref="Tip.Forget"/>) until the next writer reads the head
/// and its counters under the lock again (tests: <c>ChainTipTests</c>).</para>
/// </remarks>
public static class ChainTips
{
    private static readonly ConcurrentDictionary<string, Tip> Tips = new(StringComparer.Ordinal);

    /// <summary>How long a writer waits for the turn before it appends the slow way: locking and reading the head.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>The tip of <paramref name="database"/> (its connection string).</summary>
    public static Tip Of(string database) => Tips.GetOrAdd(database, _ => new Tip());

    /// <summary>The head kept, and the generation of what is kept (it grows each time it is forgotten).</summary>
    public readonly record struct Known(long Generation, long Seq, string Hash);

    /// <summary>A direction's next queue number and its version, as the last append that wrote or read them left them.</summary>
    public readonly record struct Counter(long Next, long Version);

    /// <summary>A direction an append wrote: its counter where the append took numbers (null otherwise), and its version.</summary>
    public readonly record struct DirectionWritten(string Crossing, Direction Direction, long? Next, long Version);

    public sealed class Tip
    {
        private readonly SemaphoreSlim _turn = new(1, 1);
        private readonly Lock _gate = new();
        private readonly Dictionary<(string Crossing, Direction Direction), Counter> _counters = [];
        private long _generation;
        private long _seq;
        private string? _hash;
        private long _linked;
        private long _read;

        /// <summary>Appends of this process linked to the head kept here, since it started.</summary>
        public long LinkedToKept => Interlocked.Read(ref _linked);

        /// <summary>Appends of this process that locked and read the head first, since it started.</summary>
        public long ReadUnderLock => Interlocked.Read(ref _read);

        /// <summary>Counts an append by the way it found the head.</summary>
        public void Counted(bool linkedToKept) => Interlocked.Increment(ref linkedToKept ? ref _linked : ref _read);

        /// <summary>Waits for the turn to append; false after <see cref="Patience"/>, and the writer appends without it.</summary>
        public Task<bool> EnterAsync(CancellationToken ct) => _turn.WaitAsync(Patience, ct);

        /// <summary>Passes the turn on.</summary>
        public void Leave() => _turn.Release();

        /// <summary>The head kept and the counters of <paramref name="directions"/>, or null when any of them is not known.</summary>
        public (Known Head, Counter[] Counters)? Read(IReadOnlyList<(string Crossing, Direction Direction)> directions)
        {
            lock (_gate)
            {
                if (_hash is null)
                {
                    return null;
                }
                var counters = new Counter[directions.Count];
                for (var i = 0; i < directions.Count; i++)
                {
                    if (!_counters.TryGetValue(directions[i], out counters[i]))
                    {
                        return null;
                    }
                }
                return (new Known(_generation, _seq, _hash), counters);
            }
        }

        /// <summary>The generation of what is kept now, for a writer that reads the head itself and keeps what it appended.</summary>
        public long Generation
        {
            get
            {
                lock (_gate)
                {
                    return _generation;
                }
            }
        }

        /// <summary>
        /// Keeps the head a batch left and the directions it wrote, unless what was kept was forgotten since the writer read
        /// it (<paramref name="generation"/>): a direction's version is kept only where its counter is known.
        /// </summary>
        public void Appended(long generation, long seq, string hash, IEnumerable<DirectionWritten> directions)
        {
            lock (_gate)
            {
                if (generation != _generation)
                {
                    return;
                }
                _seq = seq;
                _hash = hash;
                foreach (var (crossing, direction, next, version) in directions)
                {
                    var key = (crossing, direction);
                    if (next is { } n)
                    {
                        _counters[key] = new Counter(n, version);
                    }
                    else if (_counters.TryGetValue(key, out var known))
                    {
                        _counters[key] = known with { Version = version };
                    }
                }
            }
        }

        /// <summary>Forgets what is kept: the next writer reads the head (and its counters) under the lock again.</summary>
        public void Forget()
        {
            lock (_gate)
            {
                _generation++;
                _hash = null;
                _counters.Clear();
            }
        }
    }
}
