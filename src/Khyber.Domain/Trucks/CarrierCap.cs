using System.Globalization;

namespace Khyber.Domain.Trucks;

/// <summary>
/// How many trucks one carrier company may hold at one crossing at once, so that no company can book the queue full —
/// the just-in-case bookings and resold places that ruined other e-queues.
/// </summary>
/// <remarks>
/// A truck holds a place from its registration until it leaves the queue: registered (booked, still on the road),
/// waiting (checked in) and called (at the gate, not yet out). Once it has exited, entered, been rejected, cancelled or
/// spoiled it holds none. Registered trucks count because registration is where the booking is made: a cap applied
/// only at check-in would let a company book without limit and arrive with whatever it later sells. Both directions
/// of a crossing count together: it is one crossing's waiting area and officers a company would crowd.
/// </remarks>
public static class CarrierCap
{
    /// <summary>50 per carrier per crossing: more than a large fleet sends to one crossing in a day, far below a queue.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The statuses of a truck that holds a place in the queue.</summary>
    public static readonly IReadOnlyList<TruckStatus> Holding = [TruckStatus.Registered, TruckStatus.Waiting, TruckStatus.Called];

    public static bool HoldsPlace(TruckStatus status) => Holding.Contains(status);

    /// <summary>
    /// Whether one more truck may be registered when the carrier already holds <paramref name="holding"/> places at the
    /// crossing; null if it may, otherwise why not (naming the count and the limit). A limit of 0 means no cap.
    /// </summary>
    public static string? Refusal(int holding, int limit, string crossing)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(holding);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0 || holding < limit)
        {
            return null;
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"Your company already has {holding} trucks registered, waiting or called at {crossing}; the limit is {limit} per company. Register more as these cross or are cancelled.");
    }
}
