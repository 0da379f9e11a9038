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

    public List<CrossingSide> Sides { get; init; } = [];

    public List<CrossingDirection> Directions { get; init; } = [];

    public DateTimeOffset UpdatedAt { get; set; }

    public CrossingSide SideOf(Side side) => Sides.Single(s => s.Side == side);

    public CrossingDirection DirectionOf(Direction direction) => Directions.Single(d => d.Direction == direction);

    /// <summary>Both sides' gates work round the clock.</summary>
    public bool RoundTheClock => Sides.All(s => s.Hours is null);

    /// <summary>Both sides' gates are within their hours: a truck needs both, one to leave and one to enter.</summary>
    public bool IsOperating(DateTimeOffset at) => Sides.All(s => s.IsOpenAt(at));

    /// <summary>Looking this far ahead for an opening is enough: every side opens once a day.</summary>
    public static readonly TimeSpan OpeningHorizon = TimeSpan.FromDays(8);

    /// <summary>
    /// <paramref name="at"/> itself while the crossing operates, otherwise the next instant both gates are within their
    /// hours; null when the two sides' hours do not meet within <see cref="OpeningHorizon"/>.
    /// </summary>
    public DateTimeOffset? NextOperating(DateTimeOffset at)
    {
        var t = at;
        // Move to the latest of the sides' next openings until every side is open there: each step passes a closed side.
        for (var step = 0; step < 64 && t <= at + OpeningHorizon; step++)
        {
            var next = Sides.Count == 0 ? t : Sides.Max(s => s.NextOpening(t));
            if (next == t)
            {
                return t;
            }
            t = next;
        }
        return null;
    }

    /// <summary>While the crossing operates, when the first of its gates closes; null when both work round the clock.</summary>
    public DateTimeOffset? NextClosing(DateTimeOffset at) =>
        Sides.Select(s => s.ClosingAfter(at)).Where(c => c is not null).Min();

    /// <summary>A new crossing with the checked settings.</summary>
    public static Crossing Create(string id, CrossingTerms terms, DateTimeOffset at)
    {
        var crossing = new Crossing { Id = id, Name = terms.Name, UpdatedAt = at };
        crossing.Apply(terms);
        return crossing;
    }

    /// <summary>Sets every setting to <paramref name="terms"/>; says which of those that change the flow of trucks changed.</summary>
    public CrossingChanges Apply(CrossingTerms terms)
    {
        Name = terms.Name;
        MinimumNoticeHours = terms.MinimumNoticeHours;
        NoShowMinutes = terms.NoShowMinutes;
        var hours = false;
        foreach (var t in terms.Sides)
        {
            if (Sides.SingleOrDefault(s => s.Side == t.Side) is not { } side)
            {
                side = new CrossingSide { CrossingId = Id, Side = t.Side, Authority = t.Authority, TimeZone = t.TimeZone };
                Sides.Add(side);
                hours = true;
            }
            hours |= side.TimeZone != t.TimeZone || side.Hours != t.Hours;
            side.Authority = t.Authority;
            side.TimeZone = t.TimeZone;
            side.Hours = t.Hours;
        }
        var directions = new List<Direction>();
        foreach (var t in terms.Directions)
        {
            if (Directions.SingleOrDefault(d => d.Direction == t.Direction) is not { } direction)
            {
                direction = new CrossingDirection { CrossingId = Id, Direction = t.Direction };
                Directions.Add(direction);
            }
            if (direction.Apply(t))
            {
                directions.Add(t.Direction);
            }
        }
        return new CrossingChanges(hours, directions);
    }

    /// <summary>The spans between <paramref name="from"/> and <paramref name="to"/> when the crossing does not operate, in order.</summary>
    public IEnumerable<(DateTimeOffset From, DateTimeOffset To)> ShutBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var t = from;
        while (t < to)
        {
            if (IsOperating(t))
            {
                if (NextClosing(t) is not { } closes)
                {
                    yield break;
                }
                t = closes;
                continue;
            }
            var opens = NextOperating(t) ?? to;
            yield return (t, opens < to ? opens : to);
            t = opens;
        }
    }
}

/// <summary>One authority's half of a crossing.</summary>
public sealed class CrossingSide
{
    public required string CrossingId { get; init; }

    public required Side Side { get; init; }

    public required string Authority { get; set; }

    /// <summary>IANA time zone: its gate keeps this clock, and every time can be shown in both sides' clocks.</summary>
    public required string TimeZone { get; set; }

    /// <summary>When the gate opens each day on the side's own clock; null with <see cref="ClosesAt"/> for round the clock.</summary>
    public TimeOnly? OpensAt { get; set; }

    /// <summary>When the gate closes; at or before <see cref="OpensAt"/> the window runs past midnight.</summary>
    public TimeOnly? ClosesAt { get; set; }

    /// <summary>The daily hours, or null when the gate works round the clock.</summary>
    public GateHours? Hours
    {
        get => OpensAt is { } opens && ClosesAt is { } closes ? new GateHours(opens, closes) : null;
        set => (OpensAt, ClosesAt) = value is { } hours ? (hours.Opens, hours.Closes) : ((TimeOnly?)null, (TimeOnly?)null);
    }

    public TimeZoneInfo Zone => WallClock.Zone(TimeZone);

    public bool IsOpenAt(DateTimeOffset at) => Window(at) is not null;

    /// <summary><paramref name="at"/> itself while the gate is within its hours, otherwise its next opening.</summary>
    public DateTimeOffset NextOpening(DateTimeOffset at)
    {
        if (Hours is not { } hours || Window(at) is not null)
        {
            return at;
        }
        var zone = Zone;
        var today = WallClock.Today(at, zone);
        for (var day = today; day <= today.AddDays(3); day = day.AddDays(1))
        {
            var (opens, closes) = hours.On(day, zone);
            if (opens > at && opens < closes)
            {
                return opens;
            }
        }
        throw new InvalidOperationException($"{Side}'s gate ({hours}, {TimeZone}) does not open within three days of {at:u}.");
    }

    /// <summary>While the gate is within its hours, when it closes; null when it works round the clock or is closed.</summary>
    public DateTimeOffset? ClosingAfter(DateTimeOffset at) => Window(at)?.Closes;

    /// <summary>The window the gate is in at <paramref name="at"/> (round the clock: an endless one), or null when closed.</summary>
    private (DateTimeOffset Opens, DateTimeOffset? Closes)? Window(DateTimeOffset at)
    {
        if (Hours is not { } hours)
        {
            return (DateTimeOffset.MinValue, null);
        }
        var zone = Zone;
        var today = WallClock.Today(at, zone);
        // An overnight window that opened yesterday may still be open.
        foreach (var day in new[] { today.AddDays(-1), today })
        {
            var (opens, closes) = hours.On(day, zone);
            if (opens <= at && at < closes)
            {
                return (opens, closes);
            }
        }
        return null;
    }
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

    /// <summary>
    /// Increasing number handed to each truck that joins the queue; gives arrival order. Stored, it is moved on under the
    /// audit chain's lock when the unit that took numbers is saved, which renumbers the unit's trucks if others took
    /// numbers meanwhile — so the numbers follow the order of the commits.
    /// </summary>
    public long NextQueueNumber { get; set; } = 1;

    /// <summary>
    /// Optimistic concurrency token: every change to this direction's settings or call state bumps it (a call always
    /// does); a change of <see cref="NextQueueNumber"/> alone does not, so check-ins do not collide with a call.
    /// </summary>
    public long Version { get; set; }

    /// <summary>Sets the lanes, capacity and queue policy; true when any of them changed.</summary>
    public bool Apply(DirectionTerms t)
    {
        var changed = LanesOpen != t.LanesOpen || LanesMax != t.LanesMax || !TrucksPerLanePerHour.Equals(t.TrucksPerLanePerHour)
            || !PerishableShare.Equals(t.PerishableShare) || !AgeingBoundHours.Equals(t.AgeingBoundHours);
        (LanesOpen, LanesMax, TrucksPerLanePerHour, PerishableShare, AgeingBoundHours) =
            (t.LanesOpen, t.LanesMax, t.TrucksPerLanePerHour, t.PerishableShare, t.AgeingBoundHours);
        return changed;
    }

    public DirectionTerms Terms => new(Direction, LanesOpen, LanesMax, TrucksPerLanePerHour, PerishableShare, AgeingBoundHours);

    public QueuePolicy Policy => new(PerishableShare, TimeSpan.FromHours(AgeingBoundHours));

    /// <summary>Trucks per hour through the open lanes.</summary>
    public double CapacityPerHour => Math.Max(0, LanesOpen) * TrucksPerLanePerHour;
}

/// <summary>What an edit changed of what moves trucks: a side's hours or clock, and the directions whose lanes, capacity or policy changed.</summary>
public sealed record CrossingChanges(bool Hours, IReadOnlyList<Direction> Directions)
{
    public bool Any => Hours || Directions.Count > 0;
}
