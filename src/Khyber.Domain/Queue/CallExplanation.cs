using Khyber.Domain.Trucks;

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
/// (the call's <see cref="CallRecord.QueuedBefore"/> is above it). A waiting truck counts every other truck called since;
/// a truck called from this place counts those called before it — in earlier calls, and in its own call those before it.
/// A truck sent to the back after a no-show starts again with its new number: the calls before its return explain its
/// first place, not this one. A truck put back in its place by an administrator's change of lanes or hours keeps its
/// number and waits again: its undone call is not counted, and every truck called since its check-in is. So the counts
/// are exactly the trucks anyone can find in the public call log from <see cref="CalledAhead.FirstCall"/> to
/// <see cref="CalledAhead.LastCall"/>.
/// </remarks>
public static class CallExplanation
{
    /// <summary>
    /// The explanation for <paramref name="truck"/> in its present place, from the lines of its direction's call log (in
    /// any order; lines of calls before it took its queue number are ignored). Null for a truck that never joined the
    /// queue, or that left it without being called from this place (cancelled, rejected or spoiled while it waited).
    /// </summary>
    public static CalledAhead? Explain(Truck truck, IEnumerable<CallLine> lines)
    {
        var waiting = truck.Status == TruckStatus.Waiting;
        // A call time is cleared when a call is undone (sent to the back, put back in its place): so it means "called from here".
        if (truck.QueueNumber is not { } queueNumber || (!waiting && truck.CalledAt is null))
        {
            return null;
        }
        var truckId = truck.Id;
        var since = lines.Where(l => l.QueuedBefore > queueNumber).OrderBy(l => l.CallNumber).ThenBy(l => l.Position).ToList();
        var own = waiting ? null : since.LastOrDefault(l => l.TruckId == truckId);
        if (!waiting && own is null)
        {
            return null;
        }
        var byRule = new Dictionary<CallRule, int>();
        long? first = null, last = null;
        foreach (var line in since.Where(l => l.TruckId != truckId))
        {
            if (own is not null && (line.CallNumber > own.CallNumber || (line.CallNumber == own.CallNumber && line.Position > own.Position)))
            {
                break;
            }
            first ??= line.CallNumber;
            last = line.CallNumber;
            byRule[line.Rule] = byRule.GetValueOrDefault(line.Rule) + 1;
        }
        return new CalledAhead(queueNumber, first, last, own?.CallNumber, byRule);
    }
}
