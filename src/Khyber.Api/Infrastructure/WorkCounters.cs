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
    private readonly Counter<long> _trucksRead;
    private readonly Counter<long> _settingsRead;
    private long _statusComputations;
    private long _statusTrucksRead;
    private long _statusSettingsRead;

    public WorkCounters()
    {
        _computations = _meter.CreateCounter<long>("khyber.status.computations", description: "Crossing statuses computed from the database (queue positions, estimates, views).");
        _trucksRead = _meter.CreateCounter<long>("khyber.status.trucks_read", description: "Truck rows read from the database to compute crossing statuses (a change reads the trucks it wrote, not the queue).");
        _settingsRead = _meter.CreateCounter<long>("khyber.status.settings_read", description: "Crossing status computations that read the crossing's settings and notices again (a change of a truck alone does not).");
        _renders = _meter.CreateCounter<long>("khyber.live.region_renders", description: "Live page regions rendered for the event stream's listeners.");
    }

    /// <summary>Crossing statuses computed since the server started.</summary>
    public long StatusComputations => Interlocked.Read(ref _statusComputations);

    /// <summary>Renders of one live region (by its name) since the server started.</summary>
    public long RegionRenders(string region) => _regionRenders.GetValueOrDefault(region);

    /// <summary>Renders of every live region since the server started.</summary>
    public long AllRegionRenders => _regionRenders.Values.Sum();

    /// <summary>Truck rows read by status computations since the server started.</summary>
    public long StatusTrucksRead => Interlocked.Read(ref _statusTrucksRead);

    /// <summary>Status computations since the server started that read a crossing's settings and notices from the database.</summary>
    public long StatusSettingsRead => Interlocked.Read(ref _statusSettingsRead);

    /// <summary>
    /// A crossing's status computed, from <paramref name="trucksRead"/> truck rows read from the database, and with
    /// <paramref name="settingsRead"/> the crossing's settings and notices read again too.
    /// </summary>
    public void StatusComputed(int trucksRead, bool settingsRead)
    {
        Interlocked.Increment(ref _statusComputations);
        Interlocked.Add(ref _statusTrucksRead, trucksRead);
        if (settingsRead)
        {
            Interlocked.Increment(ref _statusSettingsRead);
            _settingsRead.Add(1);
        }
        _computations.Add(1);
        _trucksRead.Add(trucksRead);
    }

    public void RegionRendered(string region)
    {
        _regionRenders.AddOrUpdate(region, 1, (_, n) => n + 1);
        _renders.Add(1, new KeyValuePair<string, object?>("region", region));
    }

    public void Dispose() => _meter.Dispose();
}
