using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Sms;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Queue;

public sealed record CallRequest(int? Count);

/// <summary>
/// The departure side's officer calls the next trucks of a direction forward, in the order <see cref="CallRules"/> gives;
/// refused (409) while the direction is closed or the crossing is outside its hours. The call is recorded in the call log
/// with the rule that chose each truck, in the same transaction (and so the same audit entry, subject <c>callrecord/{id}</c>).
/// </summary>
/// <remarks>
/// Two officers calling at the same instant never get the same truck: the call always writes its direction, whose version
/// turns the second into a retry on fresh data (as does a truck changed meanwhile, by its own version), and a call's number
/// in the direction's log is unique, a collision also retried. So the call reads and decides outside the audit chain's
/// lock (<see cref="ChainLock.AtAppend"/>), which it takes only to append: while it reads a queue of a thousand trucks,
/// check-ins and registrations go on appending.
/// </remarks>
public sealed class CallForward(KhyberDb db, TimeProvider time, Idempotency idempotency, DriverMessages messages) : IUseCase
{
    public async Task<List<TruckView>> HandleAsync(Actor actor, string crossingId, string direction, CallRequest request, CancellationToken ct)
    {
        var dir = QueueEndpoints.ParseDirection(direction);
        var count = request.Count ?? 1;
        if (count is < 1 or > CallRules.MaxCall)
        {
            throw Problems.Invalid("count", $"Call between 1 and {CallRules.MaxCall} trucks at a time.");
        }
        if (!await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            throw Problems.NotFound($"No crossing '{crossingId}'.");
        }
        AuthSetup.Require(Permissions.MayCallForward(actor, crossingId, dir), $"Only an officer of {dir.DepartureSide()} at this crossing calls trucks of {dir.Id()} forward.");
        var now = time.GetUtcNow();

        db.Acting(actor, nameof(CallForward), $"crossings/{crossingId}/queue/{dir.Id()}/call");
        return await Concurrency.RetryNumberedAsync(db, idempotency, async token =>
        {
            var crossing = await db.Crossings.Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().SingleAsync(c => c.Id == crossingId, token);
            var config = crossing.DirectionOf(dir);
            var notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == crossingId).ToListAsync(token);
            var waiting = await db.Trucks.Where(t => t.CrossingId == crossingId && t.Direction == dir && t.Status == TruckStatus.Waiting).ToListAsync(token);
            var picks = CallRules.CallWithRules(crossing, config, GateTimeline.StateOf(notices, dir, now), waiting, count, actor.UserName, now);
            var called = picks.Select(p => p.Truck).ToList();
            var record = await CallLog.RecordAsync(db, config, picks, actor.UserName, now, token);
            var texts = new Dictionary<Guid, Khyber.Domain.Sms.SmsMessage>();
            foreach (var truck in called)
            {
                TruckEvents.Publish(db, truck, "called", now);
                // The driver's text is written with the call itself: it exists exactly when the call does.
                if (messages.CalledForward(db, truck, crossing, now) is { } text)
                {
                    texts[truck.Id] = text;
                }
            }
            if (called.Count > 0)
            {
                StatusEvent.Publish(db, crossing, notices, StatusReason.Call, dir.DepartureSide(), now, direction: dir, called: called.Count, call: record is null ? null : ListCalls.View(record));
            }
            // The direction row is always touched, so two concurrent calls serialize on its version.
            db.Entry(config).Property(d => d.Version).IsModified = true;
            var result = called.Select(t => TruckViews.View(t, null, actor, texts.TryGetValue(t.Id, out var text) ? [text] : [])).ToList();
            idempotency.Record(db, StatusCodes.Status200OK, result, null, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct, hold: ChainLock.AtAppend);
    }
}
