using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Domain.Crossings;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record AgreementRequest([property: Required] string? Title, Guid? MeetingId, DateOnly? ConcludedOn);

/// <summary>A liaison records an agreement, from a meeting or standalone.</summary>
public sealed class RecordAgreement(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<AgreementView> HandleAsync(Actor actor, AgreementRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Agreements are recorded by either side's liaison.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        DateOnly? heldOn = null;
        if (r.MeetingId is { } meetingId)
        {
            var meeting = await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => (DateOnly?)m.HeldOn).SingleOrDefaultAsync(ct);
            if (errors.Require(meeting is not null, "meetingId", $"No meeting {meetingId}."))
            {
                heldOn = meeting;
            }
        }
        RegisterRules.CheckAgreement(r.Title, r.ConcludedOn, heldOn, now, errors);
        Problems.ThrowIfAny(errors);

        var agreement = new Agreement
        {
            Id = Guid.NewGuid(),
            Title = r.Title!.Trim(),
            MeetingId = r.MeetingId,
            // Without a day given, an agreement from a meeting was concluded there; a standalone one today, on the recording side's calendar.
            ConcludedOn = r.ConcludedOn ?? heldOn ?? WallClock.Today(now, WallClock.Zone(actor.Side!.Value.TimeZoneId())),
            RecordedAt = now,
            RecordedBy = actor.UserName,
            RecordedBySide = actor.Side!.Value,
        };
        db.Acting(actor, nameof(RecordAgreement), "agreements");
        db.Agreements.Add(agreement);
        var view = CommitmentViews.View(agreement, [], CommitmentViews.EmptyCitations, now);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/agreements/{agreement.Id}", now);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
