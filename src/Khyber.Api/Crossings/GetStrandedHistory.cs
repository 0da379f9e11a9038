using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>Which part of the stranded series to read: a direction (or both) between two times (default: the last week).</summary>
public sealed record StrandedHistoryQuery(string? Direction = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>The stranded time series of a crossing, oldest first: a point on every change and at least every 15 minutes.</summary>
public sealed class GetStrandedHistory(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int Limit = 5000;

    public async Task<List<StrandedPointView>> HandleAsync(string id, StrandedHistoryQuery q, CancellationToken ct)
    {
        if (!await db.Crossings.AnyAsync(c => c.Id == id, ct))
        {
            throw Problems.NotFound($"No crossing '{id}'.");
        }
        Direction? only = null;
        if (q.Direction is not null)
        {
            only = Directions.TryParse(q.Direction, out var d) ? d : throw Problems.Invalid("direction", "Must be PK-AF or AF-PK.");
        }
        var until = (q.To ?? time.GetUtcNow()).ToUniversalTime();
        var since = (q.From ?? until.AddDays(-7)).ToUniversalTime();
        if (since > until)
        {
            throw Problems.Invalid("from", "Must not be after to.");
        }
        var points = await db.StrandedSnapshots.AsNoTracking()
            .Where(s => s.CrossingId == id && s.At >= since && s.At <= until && (only == null || s.Direction == only))
            .OrderBy(s => s.At)
            .Take(Limit)
            .ToListAsync(ct);
        return points.Select(p => new StrandedPointView(p.At, p.Direction.Id(), p.Blocked, p.Trucks, p.PerishableTrucks, p.SpoilingBeforeReopening, p.ValueAtRiskUsd)).ToList();
    }
}
