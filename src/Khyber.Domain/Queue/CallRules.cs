using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Queue;

/// <summary>A truck a call took, and the rule of the queue order that chose it.</summary>
public sealed record CallPick(Truck Truck, CallRule Rule);

/// <summary>An officer's call forward: when it is refused outright, which waiting trucks it may take, and in what order.</summary>
public static class CallRules
{
    /// <summary>Most trucks one call may take: a gate works through a handful at a time.</summary>
    public const int MaxCall = 50;

    /// <summary>
    /// Calls up to <paramref name="count"/> of the direction's waiting trucks in queue order, as <paramref name="by"/>,
    /// and carries the green lane's round-robin credit forward on <paramref name="direction"/>.
    /// </summary>
    /// <exception cref="StateConflictException">The direction is closed, or the crossing is outside its operating hours.</exception>
    public static IReadOnlyList<Truck> Call(
        Crossing crossing, CrossingDirection direction, DirectionState state, IEnumerable<Truck> waiting, int count, string by, DateTimeOffset now) =>
        [.. CallWithRules(crossing, direction, state, waiting, count, by, now).Select(p => p.Truck)];

    /// <summary>As <see cref="Call"/>, with the rule of the queue order that chose each truck, in call order: what the call log records.</summary>
    /// <exception cref="StateConflictException">The direction is closed, or the crossing is outside its operating hours.</exception>
    public static IReadOnlyList<CallPick> CallWithRules(
        Crossing crossing, CrossingDirection direction, DirectionState state, IEnumerable<Truck> waiting, int count, string by, DateTimeOffset now)
    {
        if (state.Blocked)
        {
            throw new StateConflictException($"{direction.Direction.Id()} is closed{(state.Cause is { } n ? $" by {n.Side} since {n.EffectiveFrom:u}" : "")}: no truck can be called.");
        }
        if (!crossing.IsOperating(now))
        {
            throw new StateConflictException(crossing.NextOperating(now) is { } opens
                ? $"The crossing is outside its operating hours: both gates are next open from {opens.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)}Z."
                : "The crossing is outside its operating hours, and the two sides' hours do not meet.");
        }
        var callable = Callable(waiting, state, now).ToDictionary(t => t.Id);
        var (picked, credit) = QueueOrder.Choose(callable.Values.Select(QueuedTruck.Of), direction.Policy, direction.PerishableCredit, now, count);
        direction.PerishableCredit = credit;
        var called = picked.Select(p => new CallPick(callable[p.Truck.Id], p.Rule)).ToList();
        foreach (var pick in called)
        {
            pick.Truck.Call(by, now);
        }
        return called;
    }

    /// <summary>
    /// The called trucks that could not pass under the crossing's settings: their direction has no lane open, or the
    /// crossing does not operate again before their no-show time (<see cref="Truck.NoShowCountsFrom"/> + <see cref="Crossing.NoShowMinutes"/>).
    /// </summary>
    /// <remarks>
    /// A change of lanes or hours that would leave trucks in this state — called forward, driving to a gate that will not
    /// let them through — is what an administrator must confirm (<see cref="Truck.ReturnToQueue"/>).
    /// </remarks>
    public static IReadOnlyList<Truck> CannotPassInTime(Crossing crossing, IEnumerable<Truck> called, DateTimeOffset now)
    {
        var opens = crossing.NextOperating(now);
        return [.. called.Where(t => t.Status == TruckStatus.Called
            && (crossing.DirectionOf(t.Direction).LanesOpen == 0
                || opens is not { } at
                || at >= (t.NoShowCountsFrom ?? t.CalledAt ?? now).AddMinutes(crossing.NoShowMinutes)))];
    }

    /// <summary>
    /// The waiting trucks a call may take now: those of a category the direction lets through (all while open; the
    /// allowed categories while restricted), except perishables past their spoil time — those are spoiled, not called.
    /// </summary>
    public static IEnumerable<Truck> Callable(IEnumerable<Truck> waiting, DirectionState state, DateTimeOffset now) =>
        waiting.Where(t => t.Status == TruckStatus.Waiting
            && state.Lets(t.Category)
            && !(t.Category == CargoCategory.Perishable && t.SpoilsAt <= now));
}
