using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>
/// The side a measured commitment is owed to disputes one day's evaluation, in a statement: recorded beside the evidence,
/// which does not change. Once per day; answers the evaluation.
/// </summary>
public sealed class DisputeEvaluation(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<EvaluationView> HandleAsync(Actor actor, Guid commitmentId, string day, DisputeRequest request, CancellationToken ct)
    {
        var date = Days.Parse(day, "day");
        var now = time.GetUtcNow();
        db.Acting(actor, nameof(DisputeEvaluation), $"commitments/{commitmentId}/evaluations/{Days.Text(date)}/disputes");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var commitment = await db.Commitments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == commitmentId, token)
                ?? throw Problems.NotFound($"No commitment {commitmentId}.");
            AuthSetup.Require(Permissions.MayDisputeCommitment(actor, commitment.ObligorSide),
                $"An evaluation of a commitment {commitment.ObligorSide} owes is disputed by {commitment.ObligorSide.Other()}'s liaison.");
            var evaluation = await db.CommitmentEvaluations.SingleOrDefaultAsync(e => e.CommitmentId == commitmentId && e.Day == date, token)
                ?? throw Problems.NotFound($"No evaluation of commitment {commitmentId} for {Days.Text(date)}.");
            var errors = new FieldErrors();
            RegisterRules.CheckDispute(request.Statement, errors);
            Problems.ThrowIfAny(errors);
            db.Add(evaluation.Disputed(commitment.ObligorSide, actor.Side!.Value, request.Statement!.Trim(), actor.UserName, now));
            var view = EvaluationViews.View(evaluation);
            idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/commitments/{commitmentId}/evaluations/{Days.Text(date)}", now);
            await db.SaveChangesAsync(token);
            return view;
        }, ct);
    }
}
