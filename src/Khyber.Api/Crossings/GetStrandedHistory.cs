using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>Which part of the stranded series to read: a direction (or both) between two times (default: the last week).</summary>
public sealed record StrandedHistoryQuery(string? Direction = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>
/// The stranded time series of a crossing, oldest first (ties by the point's number), a page at a time: a point on every
/// change and at least every 15 minutes.
/// </summary>
/// <remarks>Pages are larger here than elsewhere (1000 points by default, up to 5000): a week is about 1400 points, drawn as one chart.</remarks>
public sealed class GetStrandedHistory(KhyberDb db, TimeProvider time) : IUseCase
{
    public const int DefaultLimit = 1000;

    public const int MaxLimit = 5000;

    public async Task<Page<StrandedPointView>> HandleAsync(string id, StrandedHistoryQuery q, PageRequest page, CancellationToken ct)
    {
        var limit = Paging.Limit(page.Limit, DefaultLimit, MaxLimit);
        var after = Paging.After<PointKey>(page.After);
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
        var query = db.StrandedSnapshots.AsNoTracking()
            .Where(s => s.CrossingId == id && s.At >= since && s.At <= until && (only == null || s.Direction == only));
        if (after is not null)
        {
            query = query.Where(s => s.At > after.At || (s.At == after.At && s.Id > after.Id));
        }
        var points = await Paging.ReadAsync(query.OrderBy(s => s.At).ThenBy(s => s.Id), limit, s => new PointKey(s.At, s.Id), ct);
        return points.Select(p => new StrandedPointView(p.At, p.Direction.Id(), p.Blocked, p.Trucks, p.PerishableTrucks, p.SpoilingBeforeReopening, p.ValueAtRiskUsd));
    }

    /// <summary>A point's place in the series: its time, then its number.</summary>
    public sealed record PointKey(DateTimeOffset At, long Id);
}
