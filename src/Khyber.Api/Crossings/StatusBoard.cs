using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>
/// One crossing's status as computed once: the loaded snapshot with every direction's queue positions and estimates
/// already worked out, the public views drawn from it, and their validators for HTTP caches.
/// </summary>
/// <remarks>Shared by every request and page that reads it, so nothing in it changes after it is built.</remarks>
public sealed class CrossingStatus
{
    internal CrossingStatus(CrossingSnapshot snapshot, long version, long mark, DateTimeOffset loadedAt, CrossingStatus? previous)
    {
        Snapshot = snapshot;
        Version = version;
        Mark = mark;
        LoadedAt = loadedAt;
        foreach (var direction in Directions.All)
        {
            // Worked out now, once, so that concurrent readers only ever read the snapshot.
            _ = snapshot.Positions(direction);
        }
        View = CrossingViews.View(snapshot);
        Stranded = CrossingViews.Stranded(snapshot);
        // Serialized once, here: every reader is sent these bytes, and their digest is the tag.
        ViewJson = JsonSerializer.SerializeToUtf8Bytes(View, Json.Options);
        StrandedJson = JsonSerializer.SerializeToUtf8Bytes(Stranded, Json.Options);
        ETag = Validators.OfBytes(ViewJson);
        StrandedETag = Validators.OfBytes(StrandedJson);
        // Last-Modified is when this representation was first computed: kept while a recomputation finds it unchanged.
        LastModified = previous is not null && previous.ETag == ETag ? previous.LastModified : snapshot.Now;
        StrandedLastModified = previous is not null && previous.StrandedETag == StrandedETag ? previous.StrandedLastModified : snapshot.Now;
        _byTruck = Directions.All.SelectMany(snapshot.Positions).ToDictionary(s => s.Truck.Id);
    }

    private readonly Dictionary<Guid, QueueSlot> _byTruck;

    public CrossingSnapshot Snapshot { get; }

    /// <summary>The crossing's change version (<see cref="StoreChanges.Of"/>) read before the data was loaded.</summary>
    public long Version { get; }

    /// <summary>Where the journal of changes stood (<see cref="StoreChanges.Mark"/>) before the data was read.</summary>
    internal long Mark { get; }

    /// <summary>When every queued truck of the crossing was last read, rather than only the changed ones.</summary>
    internal DateTimeOffset LoadedAt { get; }

    public string Id => Snapshot.Crossing.Id;

    public CrossingView View { get; }

    public StrandedView Stranded { get; }

    /// <summary><see cref="View"/> as the API sends it.</summary>
    public byte[] ViewJson { get; }

    /// <summary><see cref="Stranded"/> as the API sends it.</summary>
    public byte[] StrandedJson { get; }

    /// <summary>Strong validator of <see cref="View"/>: a digest of its JSON, the same on every instance computing the same answer.</summary>
    public string ETag { get; }

    public DateTimeOffset LastModified { get; }

    public string StrandedETag { get; }

    public DateTimeOffset StrandedLastModified { get; }

    /// <summary>A waiting truck's place and estimated call, looked up rather than searched.</summary>
    public QueueSlot? PositionOf(Truck truck) =>
        truck.Status == TruckStatus.Waiting && _byTruck.TryGetValue(truck.Id, out var slot) ? slot : null;
}

/// <summary>Every crossing's status, by name, with one validator for the whole list.</summary>
public sealed record CrossingStatusList(IReadOnlyList<CrossingStatus> Crossings, IReadOnlyList<CrossingView> Views, string ETag, DateTimeOffset LastModified)
{
    /// <summary><see cref="Views"/> as the API sends them, serialized once per list.</summary>
    public byte[] Json { get; } = JsonSerializer.SerializeToUtf8Bytes(Views, Infrastructure.Json.Options);
}

/// <summary>
/// Keeps each crossing's <see cref="CrossingStatus"/>, recomputed once after a committed change that touched the crossing
/// (<see cref="StoreChanges"/>) — by whichever reader comes first while the others wait for it and take its result, even
/// if further changes committed while it was being computed (they are in the next one) — and otherwise at most every
/// <c>Status:CacheSeconds</c> (default 2 s), because gates open and estimates move with the clock alone. After a change
/// of this process's own, only the trucks it wrote are read again, and the crossing's settings and notices only if it wrote
/// any of them (<see cref="CrossingSnapshot.UpdateAsync"/>). An anonymous reader of the public status who arrives while
/// others are computing the crossing or waiting for it, or whom only the clock finds it stale, takes the status kept
/// before rather than waiting, and a computation is started behind it (<see cref="GetAsync"/>).
/// </summary>
/// <remarks>
/// A change committed by another instance reaches this one through <see cref="StatusWatch"/>, which polls the audit
/// chain's head, and which every computation looks at first (<see cref="StoreChanges.CatchUpAsync"/>), so that one never
/// brings the kept status up to date without another instance's change committed before it began. The versions are read
/// before the data: a change committed while the status is computed makes the result stale at once, never current.
/// </remarks>
public sealed class StatusBoard(
    TimeProvider time, IConfiguration config, WorkCounters counters, IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<StatusBoard> log)
{
    private readonly ConcurrentDictionary<(string Database, string Crossing), CrossingStatus> _entries = new();
    private readonly ConcurrentDictionary<string, (long Version, DateTimeOffset At, IReadOnlyList<string> Ids)> _sets = new();
    private readonly ConcurrentDictionary<string, CrossingStatusList> _lists = new();

    // How many readers of each crossing hold its gate or wait for it, and the crossings a computation was started for in the
    // background.
    private readonly ConcurrentDictionary<(string Database, string Crossing), int> _atGate = new();
    private readonly ConcurrentDictionary<(string Database, string Crossing), byte> _refreshing = new();

    // A few locks shared by all keys, so that requests for unknown crossings cannot grow a lock per name.
    private readonly SemaphoreSlim[] _stripes = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    private TimeSpan Lifetime => TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Status:CacheSeconds", 2.0), 0, 60));

    /// <summary>
    /// How long a crossing's queued trucks, once all read, are kept and brought up to date with only the trucks each change
    /// wrote (<see cref="StoreChanges.ChangesOf"/>) before all are read again (<c>Status:FullLoadSeconds</c>, default 60).
    /// </summary>
    private TimeSpan FullLoadLifetime => TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Status:FullLoadSeconds", 60.0), 0, 3600));

    /// <summary>The crossing's status, computed now only if a change or the clock made the kept one stale; null for no such crossing.</summary>
    /// <remarks>
    /// <c>mayLag</c> is for a reader who cannot have written anything (anonymous, whose answer a shared cache may keep for
    /// its max-age anyway): while other readers are at the crossing's gate — one computing its status, others waiting for
    /// that — or when only the clock has made the kept status stale (no change since), the kept status is answered at once
    /// if it was computed less than twice <c>Status:CacheSeconds</c> ago, and a computation is started behind it, so that
    /// the next reader has it. Without it — the default, and for anyone signed in — every change committed before the
    /// request arrived is in the answer, and so it is with it when no one else is at the gate.
    /// </remarks>
    public async Task<CrossingStatus?> GetAsync(KhyberDb db, string crossingId, CancellationToken ct, bool mayLag = false)
    {
        var database = db.DatabaseKey;
        var key = (database, crossingId);
        // Every change committed before this request arrived must be in its answer; later ones need not be.
        var arrived = StoreChanges.Of(database, crossingId);
        if (Fresh(key, arrived) is { } hit)
        {
            return hit;
        }
        // A lagging reader waits for nobody when others are at the crossing's gate (computing or waiting for a computation)
        // or when only the clock has moved since the kept status: a computation is started behind it instead.
        if (mayLag && Recent(key) is { } kept && (kept.Version >= arrived || _atGate.GetValueOrDefault(key) > 0))
        {
            RefreshInBackground(key);
            return kept;
        }
        var gate = Gate(crossingId);
        _atGate.AddOrUpdate(key, 1, (_, n) => n + 1);
        try
        {
            await gate.WaitAsync(ct);
        }
        catch
        {
            LeaveGate(key);
            throw;
        }
        try
        {
            // Computed by whoever held the gate since this request arrived: new enough, even if more changes have
            // committed meanwhile. Without this, under a stream of writes every waiting reader would find the status
            // stale again and compute it once more, one after the other.
            if (Fresh(key, arrived) is { } ready)
            {
                return ready;
            }
            return await ComputeAsync(db, key, ct);
        }
        finally
        {
            gate.Release();
            LeaveGate(key);
        }
    }

    /// <summary>One reader fewer at the crossing's gate; a crossing with none is forgotten, so unknown names leave nothing behind.</summary>
    private void LeaveGate((string Database, string Crossing) key)
    {
        if (_atGate.AddOrUpdate(key, 0, (_, n) => n - 1) == 0)
        {
            _atGate.TryRemove(new KeyValuePair<(string Database, string Crossing), int>(key, 0));
        }
    }

    /// <summary>Computes the crossing's status in a scope of its own, unless that is already under way.</summary>
    private void RefreshInBackground((string Database, string Crossing) key)
    {
        var stopping = lifetime.ApplicationStopping;
        if (stopping.IsCancellationRequested || !_refreshing.TryAdd(key, 0))
        {
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
                if (db.DatabaseKey == key.Database)
                {
                    await GetAsync(db, key.Crossing, stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // The server is stopping: nobody is left to read it.
            }
            catch (Exception e)
            {
                // The next reader computes it then, and waits for it.
                log.LogWarning(e, "Could not recompute the status of {Crossing}", key.Crossing);
            }
            finally
            {
                _refreshing.TryRemove(key, out _);
            }
        });
    }

    private SemaphoreSlim Gate(string crossingId) =>
        _stripes[(int)((uint)StringComparer.Ordinal.GetHashCode(crossingId) % (uint)_stripes.Length)];

    /// <summary>Computes and keeps the crossing's status; the caller holds the crossing's gate.</summary>
    private async Task<CrossingStatus?> ComputeAsync(KhyberDb db, (string Database, string Crossing) key, CancellationToken ct)
    {
        var (database, crossingId) = key;
        // Another instance's changes committed before now are told first (as changes of unknown extent, for which the whole
        // queue is read again): the journal alone knows only this process's own.
        await StoreChanges.CatchUpAsync(db, ct);
        // The versions first, the journal's mark second: a change whose version is read is in the journal by then.
        var version = StoreChanges.Of(database, crossingId);
        var mark = StoreChanges.Mark(database);
        var now = time.GetUtcNow();
        _entries.TryGetValue(key, out var previous);
        var changed = previous is not null && Young(previous.LoadedAt, now, FullLoadLifetime)
            ? StoreChanges.ChangesOf(database, crossingId, previous.Mark, mark)
            : null;
        var snapshot = changed is not null
            ? await CrossingSnapshot.UpdateAsync(db, previous!.Snapshot, changed, now, ct)
            : await CrossingSnapshot.LoadAsync(db, crossingId, now, ct);
        if (snapshot is null)
        {
            _entries.TryRemove(key, out _);
            return null;
        }
        var status = new CrossingStatus(snapshot, version, mark, changed is not null ? previous!.LoadedAt : now, previous);
        counters.StatusComputed(snapshot.TrucksRead, snapshot.SettingsRead);
        _entries[key] = status;
        return status;
    }

    /// <summary>Every crossing's status, by name.</summary>
    /// <remarks><c>mayLag</c> as for <see cref="GetAsync"/>, for each crossing.</remarks>
    public async Task<CrossingStatusList> AllAsync(KhyberDb db, CancellationToken ct, bool mayLag = false)
    {
        var database = db.DatabaseKey;
        var ids = await IdsAsync(db, database, ct);
        var statuses = new List<CrossingStatus>(ids.Count);
        foreach (var id in ids)
        {
            if (await GetAsync(db, id, ct, mayLag) is { } status)
            {
                statuses.Add(status);
            }
        }
        if (_lists.TryGetValue(database, out var kept) && kept.Crossings.SequenceEqual(statuses))
        {
            return kept;
        }
        var list = new CrossingStatusList(
            statuses,
            [.. statuses.Select(s => s.View)],
            Validators.OfText(string.Join(',', statuses.Select(s => s.ETag))),
            statuses.Count == 0 ? time.GetUtcNow() : statuses.Max(s => s.LastModified));
        _lists[database] = list;
        return list;
    }

    private async Task<IReadOnlyList<string>> IdsAsync(KhyberDb db, string database, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_sets.TryGetValue(database, out var set) && set.Version == StoreChanges.Of(database, StoreChanges.CrossingSet) && Young(set.At, now, Lifetime))
        {
            return set.Ids;
        }
        var version = StoreChanges.Of(database, StoreChanges.CrossingSet);
        var ids = await db.Crossings.AsNoTracking().OrderBy(c => c.Name).Select(c => c.Id).ToListAsync(ct);
        _sets[database] = (version, now, ids);
        return ids;
    }

    /// <summary>The kept status if it holds every change up to <paramref name="version"/> and the clock has not made it stale.</summary>
    private CrossingStatus? Fresh((string Database, string Crossing) key, long version) =>
        _entries.TryGetValue(key, out var entry) && entry.Version >= version && Young(entry.Snapshot.Now, time.GetUtcNow(), Lifetime)
            ? entry
            : null;

    /// <summary>
    /// The kept status, changes or not, if it was computed less than twice <c>Status:CacheSeconds</c> ago: long enough to
    /// stand in while the computation that replaces it when it expires by the clock is under way.
    /// </summary>
    private CrossingStatus? Recent((string Database, string Crossing) key) =>
        _entries.TryGetValue(key, out var entry) && Young(entry.Snapshot.Now, time.GetUtcNow(), 2 * Lifetime) ? entry : null;

    private static bool Young(DateTimeOffset at, DateTimeOffset now, TimeSpan lifetime)
    {
        var age = now - at;
        return age >= TimeSpan.Zero && age < lifetime;
    }
}

/// <summary>Strong validators: a digest of what is sent, so that equal answers carry equal tags on every instance.</summary>
public static class Validators
{
    /// <summary>The tag of a value's JSON, as the API sends it.</summary>
    public static string OfJson<T>(T value) => OfBytes(JsonSerializer.SerializeToUtf8Bytes(value, Json.Options));

    public static string OfText(string text) => OfBytes(System.Text.Encoding.UTF8.GetBytes(text));

    public static string OfBytes(ReadOnlySpan<byte> bytes) => "\"" + Convert.ToBase64String(SHA256.HashData(bytes)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_') + "\"";
}
