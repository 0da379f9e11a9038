namespace Khyber.Domain.Queue;

/// <summary>One truck of the call log, as the explanation reads it: which call, where in it, which truck, by which rule.</summary>
public sealed record CallLine(long CallNumber, long QueuedBefore, int Position, Guid TruckId, CallRule Rule)
{
    public static IEnumerable<CallLine> Of(CallRecord call) =>
        call.Trucks.Select(t => new CallLine(call.Number, call.QueuedBefore, t.Position, t.TruckId, t.Rule));
}

/// <summary>
/// The trucks called ahead of one truck since it joined the queue in its present place, counted by the rule that chose
/// them. <see cref="FirstCall"/> and <see cref="LastCall"/> are the first and last calls holding a truck counted (null
/// when none); <see cref="CalledIn"/> is the call that took this truck (null while it waits), in which only the trucks
/// before it count.
/// </summary>
public sealed record CalledAhead(long QueueNumber, long? FirstCall, long? LastCall, long? CalledIn, IReadOnlyDictionary<CallRule, int> ByRule)
{
    public int Total => ByRule.Values.Sum();

    public int Of(CallRule rule) => ByRule.GetValueOrDefault(rule);
}

/// <summary>Why a truck is where it is: every truck called ahead of it, from the call log, by rule.</summary>
/// <remarks>
/// "Ahead" is read off the log, not the clock: a call counts when it was made after the truck took its queue number
/// (the call's <see cref="CallRecord.QueuedBefore"/> is above it), and until the call that took the truck, in which
/// only the trucks before it count. A truck sent to the back after a no-show starts again with its new number — the
/// calls before its return explain its first place, not this one. So the counts are exactly the trucks anyone can find
/// in the public call log from <see cref="CalledAhead.FirstCall"/> to <see cref="CalledAhead.LastCall"/>.
/// </remarks>
public static class CallExplanation
{
    /// <summary>
    /// The explanation for the truck holding <paramref name="queueNumber"/>, from the lines of its direction's call log
    /// (in any order; lines of calls before it joined are ignored). Null for a truck that is not waiting and was not
    /// called from this place (cancelled, rejected or spoiled while it waited): its stay has no end the log records.
    /// </summary>
    public static CalledAhead? Explain(Guid truckId, long queueNumber, bool waiting, IEnumerable<CallLine> lines)
    {
        var byRule = new Dictionary<CallRule, int>();
        long? first = null, last = null;
        foreach (var line in lines.Where(l => l.QueuedBefore > queueNumber).OrderBy(l => l.CallNumber).ThenBy(l => l.Position))
        {
            if (line.TruckId == truckId)
            {
                return new CalledAhead(queueNumber, first, last, line.CallNumber, byRule);
            }
            first ??= line.CallNumber;
            last = line.CallNumber;
            byRule[line.Rule] = byRule.GetValueOrDefault(line.Rule) + 1;
        }
        return waiting ? new CalledAhead(queueNumber, first, last, null, byRule) : null;
    }
}
