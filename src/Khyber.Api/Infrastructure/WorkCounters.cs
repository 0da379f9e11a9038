using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// Counts the expensive work the server does for readers — status computations, renders of a live page's regions — so
/// that a test (and an operator, through the <c>Khyber</c> meter) can see that a rush of readers costs one computation
/// per change, not one per reader.
/// </summary>
public sealed class WorkCounters : IDisposable
{
    private readonly Meter _meter = new("Khyber");
    private readonly Counter<long> _computations;
    private readonly Counter<long> _renders;
    private readonly ConcurrentDictionary<string, long> _regionRenders = new(StringComparer.Ordinal);
    private long _statusComputations;

    public WorkCounters()
    {
        _computations = _meter.CreateCounter<long>("khyber.status.computations", description: "Crossing statuses computed from the database (queue positions, estimates, views).");
        _renders = _meter.CreateCounter<long>("khyber.live.region_renders", description: "Live page regions rendered for the event stream's listeners.");
    }

    /// <summary>Crossing statuses computed since the server started.</summary>
    public long StatusComputations => Interlocked.Read(ref _statusComputations);

    /// <summary>Renders of one live region (by its name) since the server started.</summary>
    public long RegionRenders(string region) => _regionRenders.GetValueOrDefault(region);

    /// <summary>Renders of every live region since the server started.</summary>
    public long AllRegionRenders => _regionRenders.Values.Sum();

    public void StatusComputed()
    {
        Interlocked.Increment(ref _statusComputations);
        _computations.Add(1);
    }

    public void RegionRendered(string region)
    {
        _regionRenders.AddOrUpdate(region, 1, (_, n) => n + 1);
        _renders.Add(1, new KeyValuePair<string, object?>("region", region));
    }

    public void Dispose() => _meter.Dispose();
}
