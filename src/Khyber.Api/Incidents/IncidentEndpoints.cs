using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Incidents;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Incidents;

public sealed record CasualtyRequest(string? Side, string? Kind, int? Killed, int? Injured);

public sealed record LogIncidentRequest(
    string? CrossingId,
    string? Side,
    DateTimeOffset? OccurredAt,
    string? Category,
    List<CasualtyRequest?>? Casualties,
    string? Description);

public sealed record IncidentResponseRequest(string? Stance, string? Statement);

public sealed record CasualtyView(string Side, CasualtyKind Kind, int Killed, int Injured);

public sealed record IncidentResponseView(Guid Id, int Number, string Side, ResponseStance Stance, string Statement, DateTimeOffset RespondedAt, string RespondedBy);

/// <summary>An incident as both sides see it: the report, the other side's responses (latest last) and the notices that cite it.</summary>
public sealed record IncidentView(
    Guid Id,
    string CrossingId,
    string Side,
    DateTimeOffset OccurredAt,
    IncidentCategory Category,
    IReadOnlyList<CasualtyView> Casualties,
    string Description,
    DateTimeOffset LoggedAt,
    string LoggedBy,
    ResponseStance? Stance,
    IReadOnlyList<IncidentResponseView> Responses,
    IReadOnlyList<Guid> CitedBy);

public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents");
        group.MapPost("/", Log)
            .RequireAuthorization()
            .Idempotent()
            .WithName("LogIncident")
            .WithSummary("A side logs an incident at a crossing in its own name: what, when, casualties per side, description.");
        group.MapGet("/", List)
            .WithName("ListIncidents")
            .WithSummary("Incidents, latest first, with the other side's responses and the notices citing them; filter by crossing.");
        group.MapGet("/{id:guid}", Get)
            .WithName("GetIncident")
            .WithSummary("One incident with the other side's responses and the notices citing it.");
        group.MapPost("/{id:guid}/responses", Respond)
            .RequireAuthorization()
            .Idempotent()
            .WithName("RespondToIncident")
            .WithSummary("The other side's liaison acknowledges or disputes an incident report; a later response amends the earlier one.");
        return app;
    }

    private static async Task<IResult> Log(Body<LogIncidentRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        AuthSetup.Require(Permissions.MayLogIncidents(actor), "Incidents are logged by a side's gate officers and liaison.");
        var r = body.Value;
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var draft = new IncidentDraft(
            r.CrossingId, r.Side, r.OccurredAt, r.Category,
            r.Casualties?.Select(c => c is null ? null : new CasualtyDraft(c.Side, c.Kind, c.Killed, c.Injured)).ToList(), r.Description);
        var (side, category, casualties) = IncidentRules.Check(draft, now, errors);
        if (r.CrossingId is { Length: > 0 } crossingId && !await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            errors.Add("crossingId", $"No crossing '{crossingId}'.");
        }
        Problems.ThrowIfAny(errors);
        AuthSetup.Require(Permissions.MayLogIncident(actor, r.CrossingId!, side),
            $"A side logs incidents in its own name: {side}'s officers at this crossing or {side}'s liaison.");

        var incident = new Incident
        {
            Id = Guid.NewGuid(),
            CrossingId = r.CrossingId!,
            Side = side,
            OccurredAt = r.OccurredAt!.Value.ToUniversalTime(),
            Category = category,
            Description = r.Description!.Trim(),
            LoggedAt = now,
            LoggedBy = actor.UserName,
            Casualties = [.. casualties.Select(c => new IncidentCasualty { Id = Guid.NewGuid(), Side = c.Side, Kind = c.Kind, Killed = c.Killed, Injured = c.Injured })],
        };
        db.Incidents.Add(incident);
        var view = View(incident, []);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/incidents/{incident.Id}", now);
        Events.Publish(db, EventTypes.Incident, incident.CrossingId, incident.Side.ToString(), incident.Id.ToString(), view, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/incidents/{incident.Id}", view);
    }

    private static async Task<IResult> List(string? crossing, KhyberDb db, CancellationToken ct)
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
        var incidents = await query.OrderByDescending(i => i.OccurredAt).Take(1000).AsSplitQuery().ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [.. incidents.Select(i => i.Id)], ct);
        return TypedResults.Ok(incidents.Select(i => View(i, citedBy[i.Id])).ToList());
    }

    private static async Task<IResult> Get(Guid id, KhyberDb db, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw Problems.NotFound($"No incident {id}.");
        var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [id], ct);
        return TypedResults.Ok(View(incident, citedBy[id]));
    }

    private static async Task<IResult> Respond(Guid id, Body<IncidentResponseRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var now = time.GetUtcNow();
        var view = await Concurrency.RetryNumberedAsync(db, idempotency, async token =>
        {
            var incident = await db.Incidents.AsSplitQuery().SingleOrDefaultAsync(i => i.Id == id, token) ?? throw Problems.NotFound($"No incident {id}.");
            AuthSetup.Require(Permissions.MayRespondToIncident(actor, incident.Side),
                $"An incident reported by {incident.Side} is answered by {incident.Side.Other()}'s liaison.");
            var errors = new FieldErrors();
            var stance = IncidentRules.CheckResponse(body.Value.Stance, body.Value.Statement, errors);
            Problems.ThrowIfAny(errors);
            // Added explicitly: found only through the navigation, a child with its key already set would be taken for an existing row.
            db.IncidentResponses.Add(incident.Respond(actor.Side!.Value, stance, body.Value.Statement!.Trim(), actor.UserName, now));
            var citedBy = await NoticeCitations.CitingIncidentsAsync(db, [id], token);
            var result = View(incident, citedBy[id]);
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/incidents/{id}", now);
            Events.Publish(db, EventTypes.Incident, incident.CrossingId, actor.Side.Value.ToString(), incident.Id.ToString(), result, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
        return TypedResults.Created($"/api/v1/incidents/{id}", view);
    }

    public static IncidentView View(Incident i, IEnumerable<Guid> citedBy) => new(
        i.Id, i.CrossingId, i.Side.ToString(), i.OccurredAt, i.Category,
        [.. i.Casualties.OrderBy(c => c.Side).ThenBy(c => c.Kind).Select(c => new CasualtyView(c.Side.ToString(), c.Kind, c.Killed, c.Injured))],
        i.Description, i.LoggedAt, i.LoggedBy, i.Stance,
        [.. i.Responses.OrderBy(r => r.Number).Select(r => new IncidentResponseView(r.Id, r.Number, r.Side.ToString(), r.Stance, r.Statement, r.RespondedAt, r.RespondedBy))],
        [.. citedBy]);
}
