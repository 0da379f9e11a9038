using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Incidents;

/// <summary>
/// Incidents, latest occurred first (ties by id), a page at a time, with the other side's responses and the notices
/// citing them; anyone may read them.
/// </summary>
public sealed class ListIncidents(KhyberDb db) : IUseCase
{
    public async Task<Page<IncidentView>> HandleAsync(string? crossing, PageRequest page, CancellationToken ct)
    {
        var limit = Paging.Limit(page.Limit);
        var after = Paging.After<TimeKey>(page.After);
        var query = db.Incidents.AsNoTracking();
        if (crossing is not null)
        {
            if (!await db.Crossings.AnyAsync(c => c.Id == crossing, ct))
            {
                throw Problems.NotFound($"No crossing '{crossing}'.");
            }
            query = query.Where(i => i.CrossingId == crossing);
        }
        if (after is not null)
        {
            query = query.Where(i => i.OccurredAt < after.At || (i.OccurredAt == after.At && i.Id.CompareTo(after.Id) < 0));
        }
        var incidents = await Paging.ReadAsync(
            query.OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id).AsSplitQuery(), limit, i => new TimeKey(i.OccurredAt, i.Id), ct);
        var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [.. incidents.Items.Select(i => i.Id)], ct);
        return incidents.Select(i => IncidentViews.View(i, citedBy[i.Id]));
    }
}
