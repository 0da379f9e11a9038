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

public sealed record CommitmentRequest([property: Required] string? ObligorSide, [property: Required] string? Text, DateOnly? DueOn, MetricRequest? Metric = null);

/// <summary>
/// What is measured of a commitment each day: the kind, the crossing, the direction (trucks through; optional for hours
/// open and spoilage), the target and its comparison (at-least, or at-most for spoilage, unless given), the kind's one
/// parameter (warningHours, withinMinutes or withinHours) and the first day measured (today unless given; up to 92 days back).
/// </summary>
public sealed record MetricRequest(
    [property: Required] string? Kind,
    [property: Required] string? CrossingId,
    string? Direction,
    [property: Required] double? Target,
    string? Comparison,
    int? WarningHours,
    int? WithinMinutes,
    int? WithinHours,
    DateOnly? MeasuredFrom);

/// <summary>A liaison records what one side committed to in an agreement, and by when — and, for a measurable commitment, its metric.</summary>
public sealed class AddCommitment(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<CommitmentView> HandleAsync(Actor actor, Guid agreementId, CommitmentRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Commitments are recorded by either side's liaison.");
        var agreement = await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw Problems.NotFound($"No agreement {agreementId}.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var obligor = RegisterRules.CheckCommitment(r.ObligorSide, r.Text, r.DueOn, agreement.ConcludedOn, errors);
        CommitmentMetric? metric = null;
        if (r.Metric is { } m)
        {
            var crossing = string.IsNullOrWhiteSpace(m.CrossingId) ? null
                : await db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().SingleOrDefaultAsync(c => c.Id == m.CrossingId, ct);
            // The first day is counted on the obligor's clock at the crossing.
            var zone = crossing?.Sides.SingleOrDefault(s => s.Side == obligor)?.Zone ?? WallClock.Zone(obligor.TimeZoneId());
            metric = MetricRules.Validate(
                new MetricDraft(m.Kind, m.CrossingId, m.Direction, m.Target, m.Comparison, m.WarningHours, m.WithinMinutes, m.WithinHours, m.MeasuredFrom),
                crossing, WallClock.Today(now, zone), errors);
        }
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
            Metric = metric,
        };
        db.Acting(actor, nameof(AddCommitment), $"agreements/{agreementId}/commitments");
        db.Commitments.Add(commitment);
        var view = CommitmentViews.View(commitment, [], [], now);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/commitments/{commitment.Id}", now);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
