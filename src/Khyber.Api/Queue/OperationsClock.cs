using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Api.Stranded;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Queue;

/// <summary>What has to happen because time passed: notices come into force, no-shows go to the back, perishables spoil, the stranded series grows.</summary>
public sealed class OperationsTick(KhyberDb db, AuditIdentity audit, TimeProvider time, IConfiguration config, ILogger<OperationsTick> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var escalateAfter = TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Notices:EscalateAfterMinutes", 60)));
        var crossings = await db.Crossings.AsNoTracking().Select(c => new { c.Id, c.NoShowMinutes }).ToListAsync(ct);
        foreach (var crossing in crossings)
        {
            audit.Set("system", null, "OperationsTick", $"crossings/{crossing.Id}");
            var forceSnapshot = await Concurrency.RetryAsync(db, async token =>
            {
                var notices = await db.Notices.Where(n => n.CrossingId == crossing.Id).ToListAsync(token);
                var cameIntoForce = NoticeLifecycle.Apply(notices, now);
                foreach (var notice in cameIntoForce)
                {
                    log.LogInformation("Notice {NoticeId} of {Side} at {Crossing} is in force: gate {GateState}", notice.Id, notice.Side, crossing.Id, notice.GateState);
                    StatusEvents.Publish(db, crossing.Id, notices, notice, now);
                }
                // A notice the other side has still not acknowledged is escalated once: flagged, and announced again.
                var escalateBefore = now - escalateAfter;
                foreach (var notice in notices.Where(n => n.AcknowledgedAt is null && n.EscalatedAt is null && n.IssuedAt <= escalateBefore && n.Status != NoticeStatus.Superseded))
                {
                    notice.EscalatedAt = now;
                    log.LogWarning("Notice {NoticeId} of {Side} at {Crossing} is unacknowledged after {Minutes} min: escalated", notice.Id, notice.Side, crossing.Id, escalateAfter.TotalMinutes);
                    Events.Publish(db, EventTypes.Escalation, crossing.Id, notice.Side.ToString(), notice.Id.ToString(), new
                    {
                        noticeId = notice.Id,
                        crossingId = crossing.Id,
                        side = notice.Side.ToString(),
                        awaitingSide = notice.Side.Other().ToString(),
                        issuedAt = notice.IssuedAt,
                        unacknowledgedMinutes = Math.Round((now - notice.IssuedAt).TotalMinutes),
                        gateState = notice.GateState,
                        reason = notice.Reason,
                    }, now);
                }

                var noShowBefore = now.AddMinutes(-crossing.NoShowMinutes);
                var queued = await db.Trucks
                    .Where(t => t.CrossingId == crossing.Id && (t.Status == TruckStatus.Waiting || t.Status == TruckStatus.Called))
                    .ToListAsync(token);
                var changed = cameIntoForce.Count > 0;
                foreach (var truck in queued.Where(t => t.Status == TruckStatus.Called && t.CalledAt < noShowBefore).OrderBy(t => t.CalledAt))
                {
                    var direction = await db.CrossingDirections.SingleAsync(d => d.CrossingId == crossing.Id && d.Direction == truck.Direction, token);
                    truck.SendToBack(direction.NextQueueNumber++, now);
                    log.LogInformation("Truck {Plate} did not show within {Minutes} min of its call: back of the queue", truck.Plate, crossing.NoShowMinutes);
                    TruckEvents.Publish(db, truck, "sent-to-back", now);
                    changed = true;
                }
                foreach (var truck in queued.Where(t => t.SpoilIfDue(now)))
                {
                    TruckEvents.Publish(db, truck, "spoiled", now);
                    changed = true;
                }
                await db.SaveChangesAsync(token);
                return changed;
            }, ct);
            await StrandedRecorder.RecordAsync(db, crossing.Id, now, forceSnapshot, ct);
        }
    }
}

/// <summary>Runs <see cref="OperationsTick"/> on the injected clock, so tests drive it with a fake time.</summary>
public sealed class OperationsClock(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<OperationsClock> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, config.GetValue("Operations:TickSeconds", 30)));
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OperationsTick>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Operations tick failed; retrying at the next one");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
