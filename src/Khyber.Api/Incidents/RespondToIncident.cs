using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Incidents;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Incidents;

public sealed record IncidentResponseRequest([property: Required] string? Stance, [property: Required] string? Statement);

/// <summary>
/// The other side's liaison acknowledges or disputes an incident report, in a statement; a later response amends the
/// earlier one, which stays on record. Answers the incident with all its responses.
/// </summary>
public sealed class RespondToIncident(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<IncidentView> HandleAsync(Actor actor, Guid incidentId, IncidentResponseRequest request, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        db.Acting(actor, nameof(RespondToIncident), $"incidents/{incidentId}/responses");
        return await Concurrency.RetryNumberedAsync(db, idempotency, async token =>
        {
            var incident = await db.Incidents.AsSplitQuery().SingleOrDefaultAsync(i => i.Id == incidentId, token) ?? throw Problems.NotFound($"No incident {incidentId}.");
            AuthSetup.Require(Permissions.MayRespondToIncident(actor, incident.Side),
                $"An incident reported by {incident.Side} is answered by {incident.Side.Other()}'s liaison.");
            var errors = new FieldErrors();
            var stance = IncidentRules.CheckResponse(request.Stance, request.Statement, errors);
            Problems.ThrowIfAny(errors);
            // Added explicitly: found only through the navigation, a child with its key already set would be taken for an existing row.
            db.IncidentResponses.Add(incident.Respond(actor.Side!.Value, stance, request.Statement!.Trim(), actor.UserName, now));
            var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [incidentId], token);
            var result = IncidentViews.View(incident, citedBy[incidentId]);
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/incidents/{incidentId}", now);
            Events.Publish(db, EventTypes.Incident, incident.CrossingId, actor.Side.Value.ToString(), incident.Id.ToString(), result, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
    }
}
