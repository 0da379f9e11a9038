using System.Text.Json.Serialization;
using Khyber.Domain.Queue;

namespace Khyber.Api.Trucks;

public sealed partial record TruckView
{
    /// <summary>
    /// Why the truck is where it is: the trucks called ahead of it since it joined the queue in its present place, by the
    /// rule that chose them. Given by <c>GET /trucks/{id}</c> (null in lists, and for a truck that never joined the queue
    /// or left it without being called).
    /// </summary>
    [JsonPropertyOrder(1)]
    public CalledAheadView? CalledAhead { get; init; }
}

/// <summary>
/// "Since you checked in, 37 trucks were called ahead of you: 4 humanitarian, 9 perishable by the green-lane share…" — counted
/// from the public call log: the trucks of calls <c>fromCall</c> to <c>toCall</c> of the direction other than this one (its
/// <c>queueNumber</c>); in call <c>calledInCall</c>, the one that took it, only those before it.
/// </summary>
/// <param name="Since">When the truck joined the queue in its present place: its check-in, or its return after a no-show.</param>
/// <param name="QueueNumber">Its queue number, as the call log shows it.</param>
/// <param name="FromCall">The first call counted (null when none was).</param>
/// <param name="ToCall">The last call counted (null when none was).</param>
/// <param name="CalledInCall">The call that took this truck; null while it waits.</param>
/// <param name="Total">Every truck called ahead of it: the sum of the counts by rule.</param>
/// <param name="Humanitarian">Humanitarian cargo, which goes first.</param>
/// <param name="AgeingBound">Trucks that had waited past the ageing bound.</param>
/// <param name="GreenLaneShare">Perishables called on the green lane's turn.</param>
/// <param name="ArrivalOrder">Other cargo called in arrival order.</param>
/// <param name="BackAfterNoShow">Other cargo called in arrival order after returning from a no-show.</param>
public sealed record CalledAheadView(
    DateTimeOffset Since,
    long QueueNumber,
    long? FromCall,
    long? ToCall,
    long? CalledInCall,
    int Total,
    int Humanitarian,
    int AgeingBound,
    int GreenLaneShare,
    int ArrivalOrder,
    int BackAfterNoShow)
{
    public static CalledAheadView Of(CalledAhead why, DateTimeOffset since) => new(
        since, why.QueueNumber, why.FirstCall, why.LastCall, why.CalledIn, why.Total,
        why.Of(CallRule.Humanitarian), why.Of(CallRule.AgeingBound), why.Of(CallRule.GreenLaneShare), why.Of(CallRule.ArrivalOrder), why.Of(CallRule.BackAfterNoShow));
}
