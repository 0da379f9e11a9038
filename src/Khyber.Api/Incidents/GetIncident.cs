using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Incidents;

/// <summary>One incident with the other side's responses and the notices citing it.</summary>
public sealed class GetIncident(KhyberDb db) : IUseCase
{
    public async Task<IncidentView> HandleAsync(Guid id, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw Problems.NotFound($"No incident {id}.");
        var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [id], ct);
        return IncidentViews.View(incident, citedBy[id]);
    }
}
