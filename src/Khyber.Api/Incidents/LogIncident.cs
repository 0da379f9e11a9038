using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Incidents;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Incidents;

public sealed record CasualtyRequest([property: Required] string? Side, [property: Required] string? Kind, [property: Required] int? Killed, [property: Required] int? Injured);

public sealed record LogIncidentRequest(
    [property: Required] string? CrossingId,
    [property: Required] string? Side,
    [property: Required] DateTimeOffset? OccurredAt,
    [property: Required] string? Category,
    List<CasualtyRequest?>? Casualties,
    [property: Required] string? Description);

/// <summary>A side logs an incident at a crossing in its own name: what, when, casualties per side, description.</summary>
/// <remarks>The side's officers at that crossing or its liaison; the report is never edited afterwards, only answered.</remarks>
public sealed class LogIncident(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<IncidentView> HandleAsync(Actor actor, LogIncidentRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayLogIncidents(actor), "Incidents are logged by a side's gate officers and liaison.");
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var draft = new IncidentDraft(
            r.CrossingId, r.Side, r.OccurredAt, r.Category,
            r.Casualties?.Select(c => c is null ? null : new CasualtyDraft(c.Side, c.Kind, c.Killed, c.Injured)).ToList(), r.Description);
        var report = IncidentRules.Validate(draft, now, errors);
        if (r.CrossingId is { Length: > 0 } crossingId && !await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            errors.Add("crossingId", $"No crossing '{crossingId}'.");
        }
        Problems.ThrowIfAny(errors);
        AuthSetup.Require(Permissions.MayLogIncident(actor, report!.CrossingId, report.Side),
            $"A side logs incidents in its own name: {report.Side}'s officers at this crossing or {report.Side}'s liaison.");

        var incident = Incident.Log(report, actor.UserName, now);
        db.Acting(actor, nameof(LogIncident), "incidents");
        db.Incidents.Add(incident);
        var view = IncidentViews.View(incident, []);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/incidents/{incident.Id}", now);
        Events.Publish(db, EventTypes.Incident, incident.CrossingId, incident.Side.ToString(), incident.Id.ToString(), view, now);
        await db.SaveChangesAsync(ct);
        return view;
    }
}
