using Microsoft.Extensions.Caching.Memory;

namespace Khyber.Api.Forecasts;

/// <summary>Forecasts already run, by the simulation's cache key of their scenario: a repeated request is answered at once.</summary>
/// <remarks>
/// The key covers every input of the simulation (rates from history, the live queue, the closure as
/// offsets from the minute the forecast starts, the seed), so a changed queue or history is a new
/// key; equal keys give equal forecasts. Entries are sized by their backlog points (the bulk of
/// their memory) under <see cref="SizeLimit"/>, and live for <see cref="Lifetime"/> by the
/// injected clock. The cache is the forecast's own (a singleton of its own type, not the
/// container's shared memory cache): no other feature's entries share its size accounting.
/// </remarks>
public sealed class ForecastCache(TimeProvider time) : IDisposable
{
    public const long SizeLimit = 200_000;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimit });

    private sealed record Entry(ForecastFigures Baseline, ForecastFigures Alternative, DateTimeOffset StoredAt);

    public bool TryGet(string key, out ForecastFigures baseline, out ForecastFigures alternative)
    {
        if (_cache.TryGetValue(key, out Entry? entry) && entry is not null && time.GetUtcNow() - entry.StoredAt < Lifetime)
        {
            (baseline, alternative) = (entry.Baseline, entry.Alternative);
            return true;
        }
        (baseline, alternative) = (null!, null!);
        return false;
    }

    public void Store(string key, ForecastFigures baseline, ForecastFigures alternative)
    {
        var size = 1 + baseline.Backlog.Count + alternative.Backlog.Count;
        _cache.Set(key, new Entry(baseline, alternative, time.GetUtcNow()), new MemoryCacheEntryOptions
        {
            Size = size,
            // Frees the memory of an entry the clock check above would refuse anyway.
            AbsoluteExpirationRelativeToNow = Lifetime,
        });
    }

    public void Dispose() => _cache.Dispose();
}
