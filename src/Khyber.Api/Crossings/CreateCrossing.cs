using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>An administrator creates a crossing: id, name, both sides' authorities, clocks and gate hours, both directions' lanes, capacity and policy; audited and announced.</summary>
public sealed class CreateCrossing(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<CrossingSettingsView> HandleAsync(Actor actor, CrossingRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayConfigureCrossings(actor), "Crossings are created by an administrator.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var idOk = CrossingRules.CheckId(r.Id, errors);
        var terms = CrossingRules.Validate(r.Draft(), now, errors);
        errors.Require(r.Confirm is null, "confirm", "A new crossing has no called trucks to confirm anything about: leave confirm out.");
        if (idOk)
        {
            await RequireNewAsync(r.Id!, errors, ct);
        }
        Problems.ThrowIfAny(errors);

        var id = r.Id!;
        db.Acting(actor, nameof(CreateCrossing), $"crossings/{id}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            // Again inside the unit, which holds the write lock: of two creating the same id at once, the second is told.
            var taken = new FieldErrors();
            await RequireNewAsync(id, taken, token);
            Problems.ThrowIfAny(taken);
            var crossing = Crossing.Create(id, terms!, now);
            db.Crossings.Add(crossing);
            StatusEvent.Publish(db, crossing, [], StatusReason.Created, null, now);
            var view = CrossingSettings.View(crossing, now);
            idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/admin/crossings/{id}", now);
            await db.SaveChangesAsync(token);
            return view;
        }, ct);
    }

    private async Task RequireNewAsync(string id, FieldErrors errors, CancellationToken ct) =>
        errors.Require(!await db.Crossings.AnyAsync(c => c.Id == id, ct), "id",
            $"A crossing '{id}' already exists: choose another id, or change that crossing (PUT /api/v1/admin/crossings/{id}).");
}
