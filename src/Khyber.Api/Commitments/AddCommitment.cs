using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record CommitmentRequest([property: Required] string? ObligorSide, [property: Required] string? Text, DateOnly? DueOn);

/// <summary>A liaison records what one side committed to in an agreement, and by when.</summary>
public sealed class AddCommitment(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<CommitmentView> HandleAsync(Actor actor, Guid agreementId, CommitmentRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Commitments are recorded by either side's liaison.");
        var agreement = await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw Problems.NotFound($"No agreement {agreementId}.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var obligor = RegisterRules.CheckCommitment(r.ObligorSide, r.Text, r.DueOn, agreement.ConcludedOn, errors);
        Problems.ThrowIfAny(errors);

        var commitment = new Commitment
        {
            Id = Guid.NewGuid(),
            AgreementId = agreement.Id,
            ObligorSide = obligor,
            Text = r.Text!.Trim(),
            DueOn = r.DueOn,
            RecordedAt = now,
            RecordedBy = actor.UserName,
            RecordedBySide = actor.Side!.Value,
        };
        db.Acting(actor, nameof(AddCommitment), $"agreements/{agreementId}/commitments");
        db.Commitments.Add(commitment);
        var view = CommitmentViews.View(commitment, [], now);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/commitments/{commitment.Id}", now);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
