using Khyber.Api.Infrastructure;
using Khyber.Api.Stranded;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

public sealed record IssueNoticeRequest(
    string? GateState,
    List<string>? Directions,
    string? ReasonCategory,
    string? Reason,
    DateTimeOffset? EffectiveFrom,
    DateTimeOffset? ExpectedUntil,
    bool? Emergency,
    string? EmergencyJustification,
    List<string>? IncidentIds,
    List<string>? CommitmentIds,
    List<string>? AllowedCategories);

public sealed record NoticeView(
    Guid Id,
    string CrossingId,
    string Side,
    GateState GateState,
    IReadOnlyList<string> Directions,
    ReasonCategory ReasonCategory,
    string? Reason,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset? ExpectedUntil,
    bool Emergency,
    string? EmergencyJustification,
    IReadOnlyList<Guid> IncidentIds,
    IReadOnlyList<Guid> CommitmentIds,
    DateTimeOffset IssuedAt,
    string IssuedBy,
    NoticeStatus Status,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    double? UnacknowledgedMinutes,
    IReadOnlyList<CargoCategory> AllowedCategories,
    Guid? SupersededBy,
    bool Escalated,
    DateTimeOffset? EscalatedAt);

public sealed record AcknowledgementView(Guid NoticeId, DateTimeOffset AcknowledgedAt, string AcknowledgedBy, string Side);

public static class NoticeEndpoints
{
    public static IEndpointRouteBuilder MapNotices(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/crossings/{id}/notices", Issue)
            .RequireAuthorization()
            .Idempotent()
            .WithTags("Notices")
            .WithName("IssueNotice")
            .WithSummary("Issue a notice for the caller's own side's gate: its new state, directions, reason and when it takes effect.");

        var group = app.MapGroup("/api/v1/notices").WithTags("Notices");
        group.MapGet("/", List)
            .WithName("ListNotices")
            .WithSummary("Notices, newest first; filter by crossing, active (scheduled or in force) and acknowledged.");
        group.MapGet("/{id:guid}", async (Guid id, KhyberDb db, TimeProvider time, CancellationToken ct) =>
            {
                var notice = await db.Notices.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id, ct) ?? throw Problems.NotFound($"No notice {id}.");
                var same = await db.Notices.AsNoTracking().Where(n => n.CrossingId == notice.CrossingId).ToListAsync(ct);
                return TypedResults.Ok(View(notice, same, time.GetUtcNow()));
            })
            .WithName("GetNotice")
            .WithSummary("One notice with its status and acknowledgement.");
        group.MapPost("/{id:guid}/acknowledgement", Acknowledge)
            .RequireAuthorization()
            .Idempotent()
            .WithName("AcknowledgeNotice")
            .WithSummary("The other side acknowledges that it has been told of a notice (once).");
        return app;
    }

    private static async Task<IResult> Issue(
        string id, Body<IssueNoticeRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var crossing = await db.Crossings.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw Problems.NotFound($"No crossing '{id}'.");
        if (actor.Side is not { } side)
        {
            throw Problems.Forbidden("Notices are issued by a side; this account belongs to neither.");
        }
        AuthSetup.Require(Permissions.MayIssueNotice(actor, crossing.Id, side), $"Only {side}'s officers at {crossing.Name} or {side}'s liaison may issue notices for {side}'s gate here.");

        var now = time.GetUtcNow();
        var citations = await NoticeCitations.LoadAsync(db, crossing.Id, body.Value.IncidentIds, body.Value.CommitmentIds, ct);
        var draft = Parse(body.Value, crossing.MinimumNoticeHours, now, citations);
        var notice = new Notice
        {
            Id = Guid.NewGuid(),
            CrossingId = crossing.Id,
            Side = side,
            GateState = draft.GateState,
            Directions = [.. draft.Directions],
            AllowedCategories = [.. draft.AllowedCategories],
            CitedIncidents = citations.Incidents(),
            CitedCommitments = citations.Commitments(),
            ReasonCategory = draft.ReasonCategory,
            Reason = draft.Reason?.Trim(),
            EffectiveFrom = draft.EffectiveFrom,
            ExpectedUntil = draft.ExpectedUntil,
            Emergency = draft.Emergency,
            EmergencyJustification = draft.EmergencyJustification?.Trim(),
            IssuedAt = now,
            IssuedBy = actor.UserName,
            Status = draft.EffectiveFrom > now ? NoticeStatus.Scheduled : NoticeStatus.InForce,
            InForceAt = draft.EffectiveFrom > now ? null : now,
        };

        var view = await Concurrency.RetryAsync(db, async token =>
        {
            db.Notices.Add(notice);
            var same = await db.Notices.Where(n => n.CrossingId == crossing.Id).ToListAsync(token);
            same.Add(notice);
            NoticeLifecycle.Apply(same, now);
            var result = View(notice, same, now);
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/notices/{notice.Id}", now);
            Events.Publish(db, EventTypes.Notice, crossing.Id, side.ToString(), notice.Id.ToString(), result, now);
            if (notice.Status == NoticeStatus.InForce)
            {
                StatusEvents.Publish(db, crossing.Id, same, notice, now);
            }
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
        if (notice.Status == NoticeStatus.InForce)
        {
            await StrandedRecorder.RecordAsync(db, crossing.Id, now, force: true, ct);
        }
        return TypedResults.Created($"/api/v1/notices/{notice.Id}", view);
    }

    private static NoticeDraft Parse(IssueNoticeRequest r, int minimumNoticeHours, DateTimeOffset now, NoticeCitations citations)
    {
        var errors = new FieldErrors();
        var gate = GateState.Open;
        errors.Require(Kebab.IsWord(r.GateState) && Enum.TryParse(r.GateState, true, out gate) && Enum.IsDefined(gate),
            "gateState", "One of open, restricted, closed.");
        var directions = new List<Direction>();
        if (r.Directions is null)
        {
            errors.Add("directions", "Required: PK-AF, AF-PK or both.");
        }
        else
        {
            for (var i = 0; i < r.Directions.Count; i++)
            {
                if (Directions.TryParse(r.Directions[i], out var d))
                {
                    directions.Add(d);
                }
                else
                {
                    errors.Add($"directions[{i}]", "Must be PK-AF or AF-PK.");
                }
            }
        }
        var reasonCategory = ReasonCategory.Other;
        errors.Require(r.ReasonCategory is not null && TryParseKebab(r.ReasonCategory, out reasonCategory),
            "reasonCategory", "One of security, political, commitment-dispute, infrastructure, weather, health, customs-system, other.");
        errors.Require(r.EffectiveFrom is not null, "effectiveFrom", "Required: when the new state takes effect (ISO 8601, UTC).");
        var allowed = new List<CargoCategory>();
        for (var i = 0; i < (r.AllowedCategories?.Count ?? 0); i++)
        {
            if (TruckRules.TryParseCategory(r.AllowedCategories![i], out var c))
            {
                allowed.Add(c);
            }
            else
            {
                errors.Add($"allowedCategories[{i}]", "One of perishable, humanitarian, general, transit, empty, hazardous.");
            }
        }
        citations.Check(errors);
        Problems.ThrowIfAny(errors);

        var draft = new NoticeDraft(
            gate, directions, reasonCategory, r.Reason, r.EffectiveFrom!.Value.ToUniversalTime(), r.ExpectedUntil?.ToUniversalTime(),
            r.Emergency ?? false, r.EmergencyJustification, allowed);
        NoticeRules.Check(draft, minimumNoticeHours, now, errors);
        Problems.ThrowIfAny(errors);
        return draft;
    }

    private static bool TryParseKebab(string text, out ReasonCategory category) =>
        Kebab.TryParse(text, out category);

    private static async Task<IResult> List(string? crossing, string? active, string? acknowledged, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        // Parsed here rather than bound as bool?, so that "active=maybe" is a problem naming the parameter.
        var errors = new FieldErrors();
        var isActive = Flag(active, "active", errors);
        var isAcknowledged = Flag(acknowledged, "acknowledged", errors);
        Problems.ThrowIfAny(errors);
        var now = time.GetUtcNow();
        var query = db.Notices.AsNoTracking();
        if (crossing is not null)
        {
            if (!await db.Crossings.AnyAsync(c => c.Id == crossing, ct))
            {
                throw Problems.NotFound($"No crossing '{crossing}'.");
            }
            query = query.Where(n => n.CrossingId == crossing);
        }
        var notices = await query.ToListAsync(ct);
        var byCrossing = notices.ToLookup(n => n.CrossingId);
        var views = notices
            .Select(n => View(n, byCrossing[n.CrossingId].ToList(), now))
            .Where(v => isActive is null || (v.Status != NoticeStatus.Superseded) == isActive)
            .Where(v => isAcknowledged is null || (v.AcknowledgedAt is not null) == isAcknowledged)
            .OrderByDescending(v => v.IssuedAt)
            .ToList();
        return TypedResults.Ok(views);
    }

    private static bool? Flag(string? text, string name, FieldErrors errors)
    {
        if (text is null)
        {
            return null;
        }
        errors.Require(bool.TryParse(text, out var value), name, "true or false.");
        return value;
    }

    private static async Task<IResult> Acknowledge(Guid id, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var now = time.GetUtcNow();
        var view = await Concurrency.RetryAsync(db, async token =>
        {
            var notice = await db.Notices.SingleOrDefaultAsync(n => n.Id == id, token) ?? throw Problems.NotFound($"No notice {id}.");
            AuthSetup.Require(Permissions.MayAcknowledgeNotice(actor, notice.Side), $"Only {notice.Side.Other()}'s liaison acknowledges a notice issued by {notice.Side}.");
            notice.Acknowledge(actor.Side!.Value, actor.UserName, now);
            var result = new AcknowledgementView(notice.Id, now, actor.UserName, actor.Side.Value.ToString());
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/notices/{id}", now);
            Events.Publish(db, EventTypes.Acknowledgement, notice.CrossingId, actor.Side.Value.ToString(), notice.Id.ToString(), result, now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
        return TypedResults.Created($"/api/v1/notices/{id}", view);
    }

    public static NoticeView View(Notice n, IReadOnlyCollection<Notice> sameCrossing, DateTimeOffset now)
    {
        var status = GateTimeline.StatusOf(n, sameCrossing, now, out var supersededBy);
        return new NoticeView(
            n.Id, n.CrossingId, n.Side.ToString(), n.GateState, n.Directions.Select(d => d.Id()).ToList(), n.ReasonCategory, n.Reason,
            n.EffectiveFrom, n.ExpectedUntil, n.Emergency, n.EmergencyJustification,
            [.. n.CitedIncidents.OrderBy(c => c.Position).Select(c => c.IncidentId)], [.. n.CitedCommitments.OrderBy(c => c.Position).Select(c => c.CommitmentId)],
            n.IssuedAt, n.IssuedBy, status,
            n.AcknowledgedAt, n.AcknowledgedBy,
            n.AcknowledgedAt is null ? Math.Round((now - n.IssuedAt).TotalMinutes, 1) : null,
            n.GateState == GateState.Restricted && n.AllowedCategories.Count == 0 ? NoticeRules.DefaultRestrictedCategories : n.AllowedCategories,
            supersededBy?.Id,
            n.EscalatedAt is not null,
            n.EscalatedAt);
    }
}
