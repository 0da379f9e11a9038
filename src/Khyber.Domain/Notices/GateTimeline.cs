using Khyber.Domain.Trucks;

namespace Khyber.Domain.Notices;

/// <summary>What a side's gate is, per direction, at a moment, derived from its notices.</summary>
public sealed record GateAt(Side Side, Direction Direction, GateState State, Notice? Notice);

/// <summary>Both gates of a direction combined: it flows only where both let it.</summary>
public sealed record DirectionState(
    Direction Direction,
    GateState State,
    DateTimeOffset? Since,
    Notice? Cause,
    IReadOnlyList<CargoCategory> AllowedCategories,
    DateTimeOffset? ExpectedUntil)
{
    public bool Blocked => State == GateState.Closed;

    public bool Lets(CargoCategory category) => State switch
    {
        GateState.Open => true,
        GateState.Restricted => AllowedCategories.Contains(category),
        _ => false,
    };
}

/// <summary>Reads gate states off the notices of one crossing.</summary>
/// <remarks>
/// A gate's state for a direction is that of the newest notice of that side covering the direction
/// whose effective time has come; with none, the gate is open. Deriving it from the notices,
/// rather than from a stored state, makes a scheduled notice take effect at its time even before the
/// background scheduler has marked it in force.
/// </remarks>
public static class GateTimeline
{
    public static Notice? Governing(IEnumerable<Notice> notices, Side side, Direction direction, DateTimeOffset at) =>
        notices
            .Where(n => n.Side == side && n.Covers(direction) && n.EffectiveFrom <= at)
            .OrderByDescending(n => n.EffectiveFrom)
            .ThenByDescending(n => n.IssuedAt)
            .FirstOrDefault();

    public static GateAt Gate(IReadOnlyCollection<Notice> notices, Side side, Direction direction, DateTimeOffset at)
    {
        var notice = Governing(notices, side, direction, at);
        return new GateAt(side, direction, notice?.GateState ?? GateState.Open, notice);
    }

    public static DirectionState Combine(GateAt departure, GateAt arrival)
    {
        var state = (GateState)Math.Max((int)departure.State, (int)arrival.State);
        // The cause is the most restrictive gate; when both are equally so, the one that changed last.
        var causes = new[] { departure, arrival }
            .Where(g => g.State == state && g.Notice is not null)
            .OrderByDescending(g => g.Notice!.EffectiveFrom)
            .ToList();
        var cause = causes.FirstOrDefault()?.Notice;
        var since = new[] { departure.Notice?.EffectiveFrom, arrival.Notice?.EffectiveFrom }.Max();

        IReadOnlyList<CargoCategory> allowed = state switch
        {
            GateState.Restricted => Enum.GetValues<CargoCategory>()
                .Where(c => PassesGate(departure, c) && PassesGate(arrival, c))
                .ToList(),
            GateState.Open => Enum.GetValues<CargoCategory>(),
            _ => [],
        };
        // A blocked direction reopens when the last blocking gate is expected to reopen; unknown if any is open-ended.
        var limiting = new[] { departure, arrival }.Where(g => g.State != GateState.Open).ToList();
        DateTimeOffset? expectedUntil = limiting.Count == 0 || limiting.Any(g => g.Notice?.ExpectedUntil is null)
            ? null
            : limiting.Max(g => g.Notice!.ExpectedUntil);
        return new DirectionState(departure.Direction, state, since, cause, allowed, expectedUntil);
    }

    public static DirectionState StateOf(IReadOnlyCollection<Notice> notices, Direction direction, DateTimeOffset at) =>
        Combine(
            Gate(notices, direction.DepartureSide(), direction, at),
            Gate(notices, direction.ArrivalSide(), direction, at));

    /// <summary>The summary state of one side's gate over both directions: its most restrictive.</summary>
    public static GateState SideState(IReadOnlyCollection<Notice> notices, Side side, DateTimeOffset at) =>
        Directions.All.Select(d => Gate(notices, side, d, at).State).Max();

    /// <summary>
    /// The lifecycle status each notice should have at <paramref name="at"/>: scheduled until its time,
    /// then in force until, for every direction it covers, a newer notice of the same side has taken effect.
    /// </summary>
    public static NoticeStatus StatusOf(Notice notice, IReadOnlyCollection<Notice> sameCrossing, DateTimeOffset at, out Notice? supersededBy)
    {
        supersededBy = null;
        if (notice.EffectiveFrom > at)
        {
            return NoticeStatus.Scheduled;
        }
        Notice? latest = null;
        foreach (var direction in notice.Directions)
        {
            var governing = Governing(sameCrossing, notice.Side, direction, at);
            if (governing is null || governing.Id == notice.Id)
            {
                return NoticeStatus.InForce;
            }
            if (latest is null || governing.EffectiveFrom > latest.EffectiveFrom)
            {
                latest = governing;
            }
        }
        supersededBy = latest;
        return NoticeStatus.Superseded;
    }

    private static bool PassesGate(GateAt gate, CargoCategory category) => gate.State switch
    {
        GateState.Open => true,
        GateState.Restricted => gate.Notice!.AllowedCategories.Count == 0
            ? NoticeRules.DefaultRestrictedCategories.Contains(category)
            : gate.Notice.AllowedCategories.Contains(category),
        _ => false,
    };
}
