using Khyber.Domain.Crossings;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Queue;

/// <summary>One call forward as it was made: when, by whom, which trucks in what order, and the rule that chose each.</summary>
/// <remarks>
/// Written in the same transaction as the call itself, so it is audited with it and can never disagree with it. It is
/// what lets anyone check a truck's place: which trucks went ahead of it, and why.
/// </remarks>
public sealed class CallRecord
{
    public required Guid Id { get; init; }

    public required string CrossingId { get; init; }

    public required Direction Direction { get; init; }

    /// <summary>1, 2, 3… per direction: the order of the calls, which their times cannot give when two fall in the same instant.</summary>
    public required long Number { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The officer who called.</summary>
    public required string CalledBy { get; init; }

    /// <summary>
    /// The direction's next queue number when the call was made: every truck numbered below it had joined (or rejoined)
    /// the queue before this call. A call reads the queue under the audit chain's lock and a check-in takes its number under
    /// the same lock, so this is exact even within one instant, where times are not.
    /// </summary>
    public required long QueuedBefore { get; init; }

    public List<CalledTruck> Trucks { get; init; } = [];

    /// <summary>The record of a call that took <paramref name="picks"/> (in call order) from <paramref name="direction"/>.</summary>
    public static CallRecord Of(CrossingDirection direction, long number, IReadOnlyList<CallPick> picks, string by, DateTimeOffset at)
    {
        var id = Guid.NewGuid();
        return new CallRecord
        {
            Id = id,
            CrossingId = direction.CrossingId,
            Direction = direction.Direction,
            Number = number,
            At = at,
            CalledBy = by,
            QueuedBefore = direction.NextQueueNumber,
            Trucks = [.. picks.Select((p, i) => new CalledTruck
            {
                CallId = id,
                Position = i + 1,
                TruckId = p.Truck.Id,
                Plate = p.Truck.Plate,
                Category = p.Truck.Category,
                Rule = p.Rule,
                QueueNumber = p.Truck.QueueNumber ?? 0,
            })],
        };
    }
}

/// <summary>One truck of a call: its place in the call and the rule that chose it.</summary>
public sealed class CalledTruck
{
    public required Guid CallId { get; init; }

    /// <summary>1 for the first truck the call took.</summary>
    public required int Position { get; init; }

    public required Guid TruckId { get; init; }

    public required string Plate { get; init; }

    public required CargoCategory Category { get; init; }

    public required CallRule Rule { get; init; }

    /// <summary>The truck's queue number when called: its arrival order (or its return after a no-show).</summary>
    public required long QueueNumber { get; init; }

    /// <summary>
    /// The plate as the public sees it: its last three characters (of a plate that short, all but the first), so a driver
    /// finds his own truck and no one else's plate is given away.
    /// </summary>
    public static string Masked(string plate) =>
        "••••" + plate[^Math.Min(3, Math.Max(0, plate.Length - 1))..];
}
