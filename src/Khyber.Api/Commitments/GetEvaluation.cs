using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>One day's evaluation of a measured commitment, with its evidence and any dispute.</summary>
public sealed class GetEvaluation(KhyberDb db) : IUseCase
{
    public async Task<EvaluationView> HandleAsync(Actor actor, Guid commitmentId, string day, CancellationToken ct)
    {
        var date = Days.Parse(day, "day");
        CommitmentReaders.Require(actor);
        var evaluation = await db.CommitmentEvaluations.AsNoTracking().SingleOrDefaultAsync(e => e.CommitmentId == commitmentId && e.Day == date, ct)
            ?? throw Problems.NotFound($"No evaluation of commitment {commitmentId} for {Days.Text(date)}.");
        return EvaluationViews.View(evaluation);
    }
}
