using Khyber.Domain;
using Khyber.Storage;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// A forecast as <c>RunForecast</c> stores it — made at a given time, of a day's closure starting then, looking two days
/// ahead — to be adjusted by the test and written straight to the database, so the accuracy tests score a past forecast
/// without simulating it.
/// </summary>
public sealed class StoredForecastBuilder(DateTimeOffset made)
{
    private string _crossing = "torkham";
    private double _stranded = 250;
    private double _p10 = 225;
    private double _p90 = 275;
    private double _hoursToClear = 24;

    public StoredForecastBuilder At(string crossing)
    {
        _crossing = crossing;
        return this;
    }

    /// <summary>The trucks it predicted stranded at the reopening, and its 10–90 % band.</summary>
    public StoredForecastBuilder Stranded(double mean, double p10, double p90)
    {
        (_stranded, _p10, _p90) = (mean, p10, p90);
        return this;
    }

    public StoredForecastBuilder HoursToClear(double hours)
    {
        _hoursToClear = hours;
        return this;
    }

    public ForecastRecord Build() => new()
    {
        Id = Guid.NewGuid(),
        CrossingId = _crossing,
        Direction = Direction.PkToAf,
        MadeAt = made,
        MadeBy = "pk.liaison",
        Policy = "fifo",
        HorizonHours = 48,
        Replications = 20,
        Calibrated = false,
        ClosureStartsAt = made,
        ReopensAt = made.AddHours(24),
        StrandedAtReopening = _stranded,
        StrandedAtReopeningP10 = _p10,
        StrandedAtReopeningP90 = _p90,
        HoursToClear = _hoursToClear,
        Request = "{}",
        Inputs = "{}",
    };
}

/// <summary>Points of the stranded series as the recorder stores them, with no perishables and no value at risk.</summary>
public static class StrandedHistory
{
    public static StrandedSnapshot Point(string crossing, Direction direction, DateTimeOffset at, int trucks, bool blocked = false) => new()
    {
        CrossingId = crossing,
        Direction = direction,
        At = at,
        Blocked = blocked,
        Trucks = trucks,
        PerishableTrucks = 0,
        SpoilingBeforeReopening = 0,
        ValueAtRiskUsd = 0,
    };
}
