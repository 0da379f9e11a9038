namespace Khyber.Domain.Queue;

/// <summary>The rule of the queue order that chose a truck for a call: recorded with every call, so every place can be explained.</summary>
public enum CallRule
{
    /// <summary>Humanitarian cargo goes first, in arrival order among itself.</summary>
    Humanitarian,

    /// <summary>The truck had waited past the direction's ageing bound, so it went ahead of the green lane and the general queue.</summary>
    AgeingBound,

    /// <summary>A perishable called on the green lane's turn (earliest spoil first): by the perishable share, or because no other cargo waited.</summary>
    GreenLaneShare,

    /// <summary>Other cargo called in arrival order, on its turn by the share, or because no perishable waited.</summary>
    ArrivalOrder,

    /// <summary>
    /// Arrival order, for a truck that had been sent to the back after a no-show: its turn is counted from its return,
    /// not from its first check-in. The stronger rules (humanitarian, ageing bound, green lane) are named as they are.
    /// </summary>
    BackAfterNoShow,
}
