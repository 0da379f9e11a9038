using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Queue;

/// <summary>What the queue order needs to know of a waiting truck (its no-shows only to name the rule that calls it).</summary>
public sealed record QueuedTruck(Guid Id, CargoCategory Category, long QueueNumber, DateTimeOffset WaitingSince, DateTimeOffset? SpoilsAt, int NoShows = 0)
{
    public static QueuedTruck Of(Truck t) =>
        new(t.Id, t.Category, t.QueueNumber ?? long.MaxValue, t.WaitingSince ?? t.RegisteredAt, t.SpoilsAt, t.NoShows);
}

/// <summary>A truck the queue order picked, and the rule that picked it.</summary>
public sealed record QueuePick(QueuedTruck Truck, CallRule Rule);

/// <summary>A waiting truck's place: 1 is next to be called; no estimate while its way is blocked with no known reopening.</summary>
public sealed record QueueSlot(QueuedTruck Truck, int Position, DateTimeOffset? EstimatedCallAt);

/// <summary>
/// The order in which a direction's trucks are called: humanitarian cargo first; then any truck
/// that has waited past the ageing bound, oldest first; then perishables (earliest spoil first) and
/// all other cargo (arrival order) interleaved by the perishable share — a smooth weighted round
/// robin in the spirit of eCherha's "1 priority : 1 perishable : 5 regular" cycle.
/// </summary>
/// <remarks>
/// The round-robin credit is carried between calls (stored with the direction), so the share holds
/// across many small calls, not only within one. Positions are found by simulating the calls the
/// officers would make, so they agree with what a call will actually return.
/// </remarks>
public sealed class QueueOrder
{
    private readonly QueuePolicy _policy;
    private readonly QueuedTruck[] _humanitarian;
    private readonly QueuedTruck[] _perishable;
    private readonly QueuedTruck[] _general;
    private readonly QueuedTruck[] _byAge;
    private readonly HashSet<Guid> _taken = [];
    private int _h, _p, _g, _a;

    public QueueOrder(IEnumerable<QueuedTruck> waiting, QueuePolicy policy, double credit)
    {
        _policy = policy;
        Credit = credit;
        var all = waiting.ToList();
        _humanitarian = [.. all.Where(t => t.Category == CargoCategory.Humanitarian).OrderBy(t => t.QueueNumber)];
        _perishable = [.. all.Where(t => t.Category == CargoCategory.Perishable)
            .OrderBy(t => t.SpoilsAt ?? DateTimeOffset.MaxValue).ThenBy(t => t.QueueNumber)];
        _general = [.. all.Where(t => t.Category is not (CargoCategory.Humanitarian or CargoCategory.Perishable)).OrderBy(t => t.QueueNumber)];
        _byAge = [.. all.Where(t => t.Category != CargoCategory.Humanitarian).OrderBy(t => t.WaitingSince).ThenBy(t => t.QueueNumber)];
    }

    /// <summary>The green lane's round-robin credit after the picks made so far.</summary>
    public double Credit { get; private set; }

    /// <summary>Picks the next truck as if called at <paramref name="at"/>; null when none is left.</summary>
    public QueuedTruck? Next(DateTimeOffset at) => Pick(at)?.Truck;

    /// <summary>Picks the next truck as if called at <paramref name="at"/>, with the rule that picks it; null when none is left.</summary>
    /// <remarks>
    /// The rule is the branch that made the choice, so it cannot disagree with the order. A perishable taken because no
    /// other cargo waits is still the green lane's turn; other cargo taken because no perishable waits is still arrival order.
    /// </remarks>
    public QueuePick? Pick(DateTimeOffset at)
    {
        if (Peek(_humanitarian, ref _h) is { } humanitarian)
        {
            return Take(humanitarian, CallRule.Humanitarian);
        }
        if (Peek(_byAge, ref _a) is { } oldest && at - oldest.WaitingSince >= _policy.AgeingBound)
        {
            return Take(oldest, CallRule.AgeingBound);
        }
        var perishable = Peek(_perishable, ref _p);
        var general = Peek(_general, ref _g);
        if (perishable is null || general is null)
        {
            return perishable is not null ? Take(perishable, CallRule.GreenLaneShare)
                : general is not null ? Take(general, InTurn(general))
                : null;
        }
        // Both kinds wait: the share decides.
        Credit += _policy.PerishableShare;
        if (Credit >= 1 - 1e-9)
        {
            Credit -= 1;
            return Take(perishable, CallRule.GreenLaneShare);
        }
        return Take(general, InTurn(general));
    }

    /// <summary>The next <paramref name="count"/> trucks to call now.</summary>
    public static (IReadOnlyList<QueuedTruck> Called, double Credit) Call(
        IEnumerable<QueuedTruck> callable, QueuePolicy policy, double credit, DateTimeOffset now, int count)
    {
        var (picks, next) = Choose(callable, policy, credit, now, count);
        return ([.. picks.Select(p => p.Truck)], next);
    }

    /// <summary>The next <paramref name="count"/> trucks to call now, each with the rule that chose it, in call order.</summary>
    public static (IReadOnlyList<QueuePick> Picks, double Credit) Choose(
        IEnumerable<QueuedTruck> callable, QueuePolicy policy, double credit, DateTimeOffset now, int count)
    {
        var order = new QueueOrder(callable, policy, credit);
        var picks = new List<QueuePick>(count);
        while (picks.Count < count && order.Pick(now) is { } pick)
        {
            picks.Add(pick);
        }
        return (picks, order.Credit);
    }

    /// <summary>
    /// Every waiting truck's position and estimated call time. Trucks the direction lets through now are
    /// called first, one every 1/capacity hours during operating hours; the rest follow from the
    /// expected reopening, or have no estimate when none is known.
    /// </summary>
    /// <remarks>
    /// <c>nextOperating</c> gives an instant itself while the crossing operates, else its next opening (null: none in
    /// sight) — <see cref="Crossing.NextOperating"/>: openings are found on each side's own clock, so a call due after
    /// closing moves to the real next opening, across a change to or from daylight saving time too.
    /// </remarks>
    public static IReadOnlyList<QueueSlot> Positions(
        IReadOnlyCollection<QueuedTruck> waiting,
        QueuePolicy policy,
        double credit,
        DirectionState state,
        double capacityPerHour,
        Func<DateTimeOffset, DateTimeOffset?> nextOperating,
        DateTimeOffset now)
    {
        var slots = new List<QueueSlot>(waiting.Count);
        var flowing = waiting.Where(t => state.Lets(t.Category)).ToList();
        var held = waiting.Where(t => !state.Lets(t.Category)).ToList();
        var interval = capacityPerHour > 0 ? TimeSpan.FromHours(1 / capacityPerHour) : (TimeSpan?)null;

        var clock = interval is null ? (DateTimeOffset?)null : now;
        credit = Place(flowing, policy, credit, clock, interval, nextOperating, slots);
        var reopening = state.ExpectedUntil is { } until && interval is not null
            ? (clock is { } c && c > until ? c : until)
            : (DateTimeOffset?)null;
        Place(held, policy, credit, reopening, interval, nextOperating, slots);
        return slots;
    }

    private static double Place(
        List<QueuedTruck> trucks, QueuePolicy policy, double credit, DateTimeOffset? clock, TimeSpan? interval,
        Func<DateTimeOffset, DateTimeOffset?> nextOperating, List<QueueSlot> slots)
    {
        var order = new QueueOrder(trucks, policy, credit);
        while (true)
        {
            if (clock is { } t)
            {
                clock = nextOperating(t);
            }
            var truck = order.Next(clock ?? DateTimeOffset.MaxValue);
            if (truck is null)
            {
                return order.Credit;
            }
            slots.Add(new QueueSlot(truck, slots.Count + 1, clock));
            clock += interval;
        }
    }

    private QueuedTruck? Peek(QueuedTruck[] list, ref int index)
    {
        while (index < list.Length && _taken.Contains(list[index].Id))
        {
            index++;
        }
        return index < list.Length ? list[index] : null;
    }

    private QueuePick Take(QueuedTruck truck, CallRule rule)
    {
        _taken.Add(truck.Id);
        return new QueuePick(truck, rule);
    }

    /// <summary>Arrival order; a truck sent to the back after a no-show is in turn by its return, which the call log says.</summary>
    private static CallRule InTurn(QueuedTruck truck) => truck.NoShows > 0 ? CallRule.BackAfterNoShow : CallRule.ArrivalOrder;
}
