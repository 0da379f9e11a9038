using Khyber.Api.Infrastructure;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>
/// The trucks an administrator's change of lanes or hours must not silently strand: those called forward that could pass
/// before the change and could not after it (<see cref="CallRules.CannotPassInTime"/>).
/// </summary>
/// <remarks>
/// The rule: such a change is refused with 409, saying how many trucks are called in which direction and what to do —
/// record the exits of those that have already left, or send the change again with <c>confirm: true</c>. Confirmed, the
/// change is made and those trucks go back to waiting in their own places (<see cref="Truck.ReturnToQueue"/>), each
/// announced to its carrier as <c>returned-to-queue</c>. Trucks the crossing could not let through before the change
/// either are not the change's doing, and do not stop it.
/// </remarks>
public sealed class CalledTrucks
{
    private readonly List<Truck> _called;
    private readonly HashSet<Guid> _barredBefore;

    private CalledTrucks(List<Truck> called, HashSet<Guid> barredBefore)
    {
        _called = called;
        _barredBefore = barredBefore;
    }

    /// <summary>Reads the crossing's called trucks (to be changed in this unit) and which of them could not pass already.</summary>
    public static async Task<CalledTrucks> BeforeChangeAsync(KhyberDb db, Crossing crossing, DateTimeOffset now, CancellationToken ct)
    {
        var called = await db.Trucks.Where(t => t.CrossingId == crossing.Id && t.Status == TruckStatus.Called).ToListAsync(ct);
        return new CalledTrucks(called, [.. CallRules.CannotPassInTime(crossing, called, now).Select(t => t.Id)]);
    }

    /// <summary>
    /// After the change has been made to <paramref name="crossing"/>: refuses it when it strands called trucks and is not
    /// confirmed; otherwise sends the stranded back to the queue and returns them.
    /// </summary>
    public IReadOnlyList<Truck> Settle(KhyberDb db, Crossing crossing, bool confirm, DateTimeOffset now)
    {
        var stranded = CallRules.CannotPassInTime(crossing, _called, now).Where(t => !_barredBefore.Contains(t.Id)).ToList();
        if (stranded.Count == 0)
        {
            return [];
        }
        if (!confirm)
        {
            throw Refusal(crossing, stranded);
        }
        foreach (var truck in stranded)
        {
            truck.ReturnToQueue(now);
            TruckEvents.Publish(db, truck, "returned-to-queue", now);
            // The direction's queue changed: concurrent calls serialize on its version.
            db.Entry(crossing.DirectionOf(truck.Direction)).Property(d => d.Version).IsModified = true;
        }
        return stranded;
    }

    private static ApiProblemException Refusal(Crossing crossing, List<Truck> stranded)
    {
        var byDirection = stranded.GroupBy(t => t.Direction).OrderBy(g => g.Key).ToList();
        var parts = byDirection.Select(g =>
        {
            var why = crossing.DirectionOf(g.Key).LanesOpen == 0
                ? "no lane would be open"
                : "the gates would not both be open before the truck's no-show time";
            return $"{g.Count()} in {g.Key.Id()} ({why})";
        });
        var count = stranded.Count;
        var detail = $"{count} {(count == 1 ? "truck called forward" : "trucks called forward")} could not pass after this change: {string.Join(", ", parts)}. "
            + "Record the exits of those that have already left, or send the change again with \"confirm\": true — the called trucks that cannot pass then go back to the queue in their own places.";
        return Problems.Conflict(detail, new Dictionary<string, object?>
        {
            ["calledTrucks"] = byDirection.ToDictionary(g => g.Key.Id(), g => g.Count()),
        });
    }
}
