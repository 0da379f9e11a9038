using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Queue;

/// <summary>The call log: written with each call, read to explain a truck's place.</summary>
public static class CallLog
{
    /// <summary>
    /// Adds the record of a call that took <paramref name="picks"/> to the unit of work, numbered after the direction's last;
    /// nothing for a call that took no truck. Call inside the call's unit: the direction's version serializes it, and the
    /// unique number turns away a concurrent writer that got past that.
    /// </summary>
    public static async Task<CallRecord?> RecordAsync(KhyberDb db, CrossingDirection direction, IReadOnlyList<CallPick> picks, string by, DateTimeOffset now, CancellationToken ct)
    {
        if (picks.Count == 0)
        {
            return null;
        }
        var last = await db.CallRecords
            .Where(c => c.CrossingId == direction.CrossingId && c.Direction == direction.Direction)
            .MaxAsync(c => (long?)c.Number, ct);
        var record = CallRecord.Of(direction, (last ?? 0) + 1, picks, by, now);
        db.CallRecords.Add(record);
        return record;
    }

    /// <summary>
    /// What explains the place of each truck that has one — waiting, or called from its present place — from the call log:
    /// one query per direction, reading only the calls made while those trucks waited.
    /// </summary>
    public static async Task<Dictionary<Guid, CalledAhead>> ExplainAsync(KhyberDb db, IEnumerable<Truck> trucks, CancellationToken ct)
    {
        var explained = new Dictionary<Guid, CalledAhead>();
        // A called truck keeps its call time until it is sent back, which clears it: so a call time means "called from this place".
        var queued = trucks.Where(t => t.QueueNumber is not null && (t.Status == TruckStatus.Waiting || t.CalledAt is not null)).ToList();
        foreach (var group in queued.GroupBy(t => (t.CrossingId, t.Direction)))
        {
            var (crossingId, direction) = group.Key;
            var from = group.Min(t => t.QueueNumber!.Value);
            var calls = db.CallRecords.Where(c => c.CrossingId == crossingId && c.Direction == direction && c.QueuedBefore > from);
            if (group.All(t => t.Status != TruckStatus.Waiting))
            {
                // Only the calls up to the last of these trucks' own are needed.
                var until = group.Max(t => t.CalledAt!.Value);
                calls = calls.Where(c => c.At <= until);
            }
            var lines = await db.CalledTrucks.AsNoTracking()
                .Join(calls, t => t.CallId, c => c.Id, (t, c) => new CallLine(c.Number, c.QueuedBefore, t.Position, t.TruckId, t.Rule))
                .ToListAsync(ct);
            foreach (var truck in group)
            {
                if (CallExplanation.Explain(truck, lines) is { } why)
                {
                    explained[truck.Id] = why;
                }
            }
        }
        return explained;
    }
}
