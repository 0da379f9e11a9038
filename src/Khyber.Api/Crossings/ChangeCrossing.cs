using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>
/// An administrator replaces a crossing's settings — name, notice and no-show times, each side's authority, clock and
/// gate hours, each direction's lanes, capacity and queue policy; audited, and announced as a <c>status</c> event when
/// hours or lanes change. A change that would strand called trucks is refused until confirmed (<see cref="CalledTrucks"/>).
/// </summary>
public sealed class ChangeCrossing(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<CrossingSettingsView> HandleAsync(Actor actor, string id, CrossingRequest r, CancellationToken ct)
    {
        if (!await db.Crossings.AnyAsync(c => c.Id == id, ct))
        {
            throw Problems.NotFound($"No crossing '{id}'.");
        }
        AuthSetup.Require(Permissions.MayConfigureCrossings(actor), "Crossings are changed by an administrator.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        errors.Require(r.Id is null || r.Id == id, "id", $"A crossing's id does not change: leave id out, or send '{id}'.");
        var terms = CrossingRules.Validate(r.Draft(), now, errors);
        Problems.ThrowIfAny(errors);

        db.Acting(actor, nameof(ChangeCrossing), $"crossings/{id}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var crossing = await db.Crossings.Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().SingleAsync(c => c.Id == id, token);
            var called = await CalledTrucks.BeforeChangeAsync(db, crossing, now, token);
            var changes = crossing.Apply(terms!);
            called.Settle(db, crossing, r.Confirm == true, now);
            if (!db.ChangeTracker.HasChanges())
            {
                // Setting what is already set changes nothing: nothing to record, nothing to announce.
                return CrossingSettings.View(crossing, now);
            }
            crossing.UpdatedAt = now;
            if (changes.Any)
            {
                var notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == id).ToListAsync(token);
                StatusEvent.Publish(db, crossing, notices, changes.Hours ? StatusReason.Hours : StatusReason.Lanes, null, now,
                    direction: !changes.Hours && changes.Directions.Count == 1 ? changes.Directions[0] : null);
            }
            await db.SaveChangesAsync(token);
            return CrossingSettings.View(crossing, now);
        }, ct);
    }
}
