using Khyber.Domain.Queue;

namespace Khyber.Domain.Crossings;

/// <summary>A land border crossing shared by two authorities.</summary>
public sealed class Crossing
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    /// <summary>A planned closure or restriction must be announced at least this long before it takes effect.</summary>
    public int MinimumNoticeHours { get; set; } = 24;

    /// <summary>A called truck that has not exited within this time goes back to the end of the queue.</summary>
    public int NoShowMinutes { get; set; } = 20;

    /// <summary>Daily operating window in UTC hours; 0–24 is round the clock.</summary>
    public int OpensAtUtcHour { get; set; }

    public int ClosesAtUtcHour { get; set; } = 24;

    public List<CrossingSide> Sides { get; init; } = [];

    public List<CrossingDirection> Directions { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public CrossingSide SideOf(Side side) => Sides.Single(s => s.Side == side);

    public CrossingDirection DirectionOf(Direction direction) => Directions.Single(d => d.Direction == direction);

    public bool IsOperating(DateTimeOffset at)
    {
        if (OpensAtUtcHour == 0 && ClosesAtUtcHour >= 24)
        {
            return true;
        }
        var hour = at.UtcDateTime.Hour;
        return OpensAtUtcHour <= ClosesAtUtcHour
            ? hour >= OpensAtUtcHour && hour < ClosesAtUtcHour
            : hour >= OpensAtUtcHour || hour < ClosesAtUtcHour;
    }
}

/// <summary>One authority's half of a crossing.</summary>
public sealed class CrossingSide
{
    public required string CrossingId { get; init; }

    public required Side Side { get; init; }

    public required string Authority { get; set; }

    /// <summary>IANA time zone, so every time can be shown in both sides' clocks.</summary>
    public required string TimeZone { get; set; }
}

/// <summary>One direction of traffic through a crossing: its lanes, capacity and queue policy.</summary>
public sealed class CrossingDirection
{
    public required string CrossingId { get; init; }

    public required Direction Direction { get; init; }

    public int LanesOpen { get; set; }

    public int LanesMax { get; set; }

    /// <summary>Trucks one lane clears per hour.</summary>
    public double TrucksPerLanePerHour { get; set; } = 12;

    /// <summary>Share of calls (after humanitarian cargo) that go to perishables while both kinds wait.</summary>
    public double PerishableShare { get; set; } = 0.4;

    /// <summary>A truck waiting longer than this is called ahead of everything but humanitarian cargo.</summary>
    public double AgeingBoundHours { get; set; } = 48;

    /// <summary>Round-robin credit of the green lane, carried from call to call.</summary>
    public double PerishableCredit { get; set; }

    /// <summary>Increasing number handed to each truck that joins the queue; gives arrival order.</summary>
    public long NextQueueNumber { get; set; } = 1;

    /// <summary>Optimistic concurrency token: every change to this direction's queue bumps it.</summary>
    public long Version { get; set; }

    public QueuePolicy Policy => new(PerishableShare, TimeSpan.FromHours(AgeingBoundHours));

    /// <summary>Trucks per hour through the open lanes.</summary>
    public double CapacityPerHour => Math.Max(0, LanesOpen) * TrucksPerLanePerHour;
}
