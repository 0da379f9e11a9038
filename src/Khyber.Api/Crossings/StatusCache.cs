using System.Collections.Concurrent;
using Khyber.Storage;

namespace Khyber.Api.Crossings;

/// <summary>
/// Keeps the public status views for a moment, because on the day a crossing reopens thousands of people
/// poll the same answer. A view is reused only while nothing has changed in this process since it was
/// computed, and for at most <c>Status:CacheSeconds</c> (default 2 s) — the staleness another instance's
/// writes can cause.
/// </summary>
public sealed class StatusCache(TimeProvider time, IConfiguration config)
{
    private sealed record Entry(long Version, long Generation, DateTimeOffset At, object Value);

    private readonly ConcurrentDictionary<string, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new();
    private long _generation;

    private TimeSpan Lifetime => TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Status:CacheSeconds", 2.0), 0, 60));

    public async Task<T> GetAsync<T>(string key, Func<Task<T>> compute)
        where T : class
    {
        if (Fresh(key) is T hit)
        {
            return hit;
        }
        var asked = Interlocked.Read(ref _generation);
        // One computation per key at a time: the others wait for it rather than all hitting the database.
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            // A view computed after this request arrived answers it, even if writes went on meanwhile:
            // under a stream of writes, waiting readers share one computation instead of queueing for their own.
            if (Fresh(key) is T ready)
            {
                return ready;
            }
            if (_entries.TryGetValue(key, out var since) && since.Generation > asked && since.Value is T shared)
            {
                return shared;
            }
            var generation = Interlocked.Increment(ref _generation);
            var version = StoreChanges.Current;
            var at = time.GetUtcNow();
            var value = await compute();
            _entries[key] = new Entry(version, generation, at, value);
            return value;
        }
        finally
        {
            gate.Release();
        }
    }

    private object? Fresh(string key)
    {
        if (!_entries.TryGetValue(key, out var entry) || entry.Version != StoreChanges.Current)
        {
            return null;
        }
        var age = time.GetUtcNow() - entry.At;
        return age >= TimeSpan.Zero && age < Lifetime ? entry.Value : null;
    }
}
