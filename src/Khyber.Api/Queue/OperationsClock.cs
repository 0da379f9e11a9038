using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Sms;
using Khyber.Api.Stranded;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Queue;

/// <summary>What has to happen because time passed: notices come into force, no-shows go to the back, perishables spoil, the stranded series grows — and the drivers concerned are texted.</summary>
public sealed class OperationsTick(KhyberDb db, TimeProvider time, IConfiguration config, DriverMessages messages, ILogger<OperationsTick> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var escalateAfter = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Notices:EscalateAfterMinutes", 60)));
        var crossingIds = await db.Crossings.AsNoTracking().Select(c => c.Id).ToListAsync(ct);
        foreach (var crossingId in crossingIds)
        {
            db.Acting("system", null, "OperationsTick", $"crossings/{crossingId}");
            var forceSnapshot = await Concurrency.RetryAsync(db, async token =>
            {
                var crossing = await db.Crossings.AsNoTracking().Include(c => c.Directions).Include(c => c.Sides).SingleAsync(c => c.Id == crossingId, token);
                var notices = await db.Notices.Where(n => n.CrossingId == crossingId).ToListAsync(token);
                var cameIntoForce = NoticeLifecycle.ComeIntoForce(notices, now);
                foreach (var notice in cameIntoForce)
                {
                    log.LogInformation("Notice {NoticeId} of {Side} at {Crossing} is in force: gate {GateState}", notice.Id, notice.Side, crossingId, notice.GateState);
                    StatusEvent.Publish(db, crossing, notices, StatusReason.Notice, notice.Side, now, notice);
                }
                // A notice the other side has still not acknowledged is escalated once: flagged, and announced again.
                foreach (var notice in NoticeLifecycle.Escalate(notices, now, escalateAfter))
                {
                    log.LogWarning("Notice {NoticeId} of {Side} at {Crossing} is unacknowledged after {Minutes} min: escalated", notice.Id, notice.Side, crossingId, escalateAfter.TotalMinutes);
                    Events.Publish(db, EventTypes.Escalation, crossingId, notice.Side.ToString(), notice.Id.ToString(), new EscalationEvent(
                        notice.Id, crossingId, notice.Side.ToString(), notice.Side.Other().ToString(), notice.IssuedAt,
                        Math.Round((now - notice.IssuedAt).TotalMinutes), notice.GateState, notice.Reason), now);
                }

                // Drivers of a direction that closed or reopened hear of it, once per notice.
                await messages.DirectionsChangedAsync(db, crossing, DirectionChanges.Of(notices, cameIntoForce, now), now, token);

                var queued = await db.Trucks
                    .Where(t => t.CrossingId == crossingId && (t.Status == TruckStatus.Waiting || t.Status == TruckStatus.Called))
                    .ToListAsync(token);
                var changed = cameIntoForce.Count > 0;
                // Closures are not the driver's fault: a deadline stands still while the way is shut, and restarts when it opens again.
                var deadlines = NoShowDeadlines.Judge(db, crossing, queued, notices, now);
                changed |= deadlines.Changed;
                foreach (var truck in deadlines.Missed)
                {
                    var direction = await db.CrossingDirections.SingleAsync(d => d.CrossingId == crossingId && d.Direction == truck.Direction, token);
                    truck.SendToBack(direction.NextQueueNumber++, now);
                    log.LogInformation("Truck {Plate} did not show within {Minutes} min of its call: back of the queue", truck.Plate, crossing.NoShowMinutes);
                    TruckEvents.Publish(db, truck, "sent-to-back", now);
                    changed = true;
                }
                // Half-way to a deadline that is running (not one standing still while the way is shut), the driver is warned.
                await messages.NoShowWarningsAsync(db, crossing, queued.Except(deadlines.Missed), now, token);
                foreach (var truck in queued.Where(t => t.SpoilIfDue(now)))
                {
                    TruckEvents.Publish(db, truck, "spoiled", now);
                    messages.SpoilTimeReached(db, truck, crossing, now);
                    changed = true;
                }
                await db.SaveChangesAsync(token);
                return changed;
            }, ct);
            await StrandedRecorder.RecordAsync(db, crossingId, now, forceSnapshot, ct);
        }
    }
}

/// <summary>The body of an <c>escalation</c> event: a notice still unacknowledged by the other side.</summary>
public sealed record EscalationEvent(
    Guid NoticeId, string CrossingId, string Side, string AwaitingSide, DateTimeOffset IssuedAt, double UnacknowledgedMinutes, GateState GateState, string? Reason);

/// <summary>Runs <see cref="OperationsTick"/> every <c>Operations:TickSeconds</c> (30 by default) on the injected clock.</summary>
public sealed class OperationsClock(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<OperationsClock> log)
    : PeriodicJob<OperationsTick>(scopes, time, log, Every(config, "Operations:TickSeconds", 30, TimeSpan.FromSeconds(1)), "Operations tick", (tick, ct) => tick.RunAsync(ct));
