using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

/// <summary>
/// A measured commitment's evaluations over a range of days (the last 31 evaluated, unless asked; at most 366 days), latest
/// first, each with its evidence and any dispute: for officers, liaisons and administrators.
/// </summary>
public sealed class ListEvaluations(KhyberDb db) : IUseCase
{
    public const int MaxDays = 366;

    public async Task<List<EvaluationView>> HandleAsync(Actor actor, Guid commitmentId, string? from, string? to, CancellationToken ct)
    {
        var first = Days.ParseOptional(from, "from");
        var last = Days.ParseOptional(to, "to");
        if (first is { } f && last is { } l)
        {
            var errors = new FieldErrors();
            if (errors.Require(f <= l, "from", "Must not be after to."))
            {
                errors.Require(l.DayNumber - f.DayNumber < MaxDays, "to", $"At most {MaxDays} days from 'from'.");
            }
            Problems.ThrowIfAny(errors);
        }
        CommitmentReaders.Require(actor);
        if (!await db.Commitments.AnyAsync(c => c.Id == commitmentId, ct))
        {
            throw Problems.NotFound($"No commitment {commitmentId}.");
        }
        var query = db.CommitmentEvaluations.AsNoTracking().Where(e => e.CommitmentId == commitmentId);
        if (first is { } since)
        {
            query = query.Where(e => e.Day >= since);
        }
        if (last is { } until)
        {
            query = query.Where(e => e.Day <= until);
        }
        var take = first is { } a && last is { } b ? b.DayNumber - a.DayNumber + 1 : first is null && last is null ? 31 : MaxDays;
        var rows = await query.OrderByDescending(e => e.Day).Take(take).ToListAsync(ct);
        return [.. rows.Select(EvaluationViews.View)];
    }
}
