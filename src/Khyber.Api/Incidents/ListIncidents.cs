using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Incidents;

/// <summary>Incidents, latest first, with the other side's responses and the notices citing them; anyone may read them.</summary>
public sealed class ListIncidents(KhyberDb db) : IUseCase
{
    public const int Limit = 1000;

    public async Task<List<IncidentView>> HandleAsync(string? crossing, CancellationToken ct)
    {
        var query = db.Incidents.AsNoTracking();
        if (crossing is not null)
        {
            if (!await db.Crossings.AnyAsync(c => c.Id == crossing, ct))
            {
                throw Problems.NotFound($"No crossing '{crossing}'.");
            }
            query = query.Where(i => i.CrossingId == crossing);
        }
        var incidents = await query.OrderByDescending(i => i.OccurredAt).Take(Limit).AsSplitQuery().ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [.. incidents.Select(i => i.Id)], ct);
        return incidents.Select(i => IncidentViews.View(i, citedBy[i.Id])).ToList();
    }
}
