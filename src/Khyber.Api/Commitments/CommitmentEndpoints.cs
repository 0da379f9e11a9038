using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Commitments;
using Khyber.Domain.Incidents;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Commitments;

public sealed record AgreementRequest(string? Title, Guid? MeetingId, DateOnly? ConcludedOn);

public sealed record CommitmentRequest(string? ObligorSide, string? Text, DateOnly? DueOn);

public sealed record ComplianceReportRequest(string? Status, string? Evidence);

public sealed record DisputeRequest(string? Statement);

public sealed record ComplianceReportView(Guid Id, int Sequence, string Side, ComplianceStatus Status, string Evidence, DateTimeOffset ReportedAt, string ReportedBy);

public sealed record DisputeView(Guid Id, int Sequence, string Side, string Statement, DateTimeOffset RaisedAt, string RaisedBy);

/// <summary>A commitment with its derived status, the obligor's reports, the other side's disputes and the notices citing it.</summary>
public sealed record CommitmentView(
    Guid Id,
    Guid AgreementId,
    string ObligorSide,
    string Text,
    DateOnly? DueOn,
    CommitmentStatus Status,
    IReadOnlyList<ComplianceReportView> Reports,
    IReadOnlyList<DisputeView> Disputes,
    IReadOnlyList<Guid> CitedBy,
    DateTimeOffset RecordedAt,
    string RecordedBy);

public sealed record AgreementView(
    Guid Id,
    string Title,
    Guid? MeetingId,
    DateOnly ConcludedOn,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string RecordedBySide,
    IReadOnlyList<CommitmentView> Commitments);

/// <summary>
/// The register of agreements and commitments. Either side's liaison records agreements and the commitments of
/// either side in them; only the obligor reports compliance and only the other side disputes. Officers, liaisons
/// and administrators read it; carriers and the public do not.
/// </summary>
public static class CommitmentEndpoints
{
    private const string Tag = "Meetings, agreements, commitments";

    public static IEndpointRouteBuilder MapCommitments(this IEndpointRouteBuilder app)
    {
        app.MapMeetings();

        var agreements = app.MapGroup("/api/v1/agreements").WithTags(Tag).RequireAuthorization();
        agreements.MapPost("/", RecordAgreement).Idempotent()
            .WithName("RecordAgreement")
            .WithSummary("A liaison records an agreement, from a meeting or standalone.");
        agreements.MapGet("/", ListAgreements)
            .WithName("ListAgreements")
            .WithSummary("Agreements, latest first, each with its commitments and their status.");
        agreements.MapGet("/{id:guid}", GetAgreement)
            .WithName("GetAgreement")
            .WithSummary("One agreement with its commitments and their status.");
        agreements.MapPost("/{id:guid}/commitments", AddCommitment).Idempotent()
            .WithName("AddCommitment")
            .WithSummary("A liaison records what one side committed to in an agreement, and by when.");

        var commitments = app.MapGroup("/api/v1/commitments").WithTags(Tag).RequireAuthorization();
        commitments.MapGet("/", ListCommitments)
            .WithName("ListCommitments")
            .WithSummary("Commitments with their derived status; filter by obligor side, status and agreement.");
        commitments.MapGet("/{id:guid}", GetCommitment)
            .WithName("GetCommitment")
            .WithSummary("One commitment with its reports, disputes, derived status and the notices citing it.");
        commitments.MapPost("/{id:guid}/reports", Report).Idempotent()
            .WithName("ReportCompliance")
            .WithSummary("The obligor side's liaison reports progress on a commitment: on-track, done or failed, with evidence.");
        commitments.MapPost("/{id:guid}/disputes", Dispute).Idempotent()
            .WithName("DisputeCommitment")
            .WithSummary("The side a commitment is owed to disputes its keeping, in a statement.");
        return app;
    }

    private static async Task<IResult> RecordAgreement(Body<AgreementRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Agreements are recorded by either side's liaison.");
        var r = body.Value;
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        DateOnly? heldOn = null;
        if (r.MeetingId is { } meetingId)
        {
            var meeting = await db.Meetings.AsNoTracking().Where(m => m.Id == meetingId).Select(m => (DateOnly?)m.HeldOn).SingleOrDefaultAsync(ct);
            if (errors.Require(meeting is not null, "meetingId", $"No meeting {meetingId}."))
            {
                heldOn = meeting;
            }
        }
        RegisterRules.CheckAgreement(r.Title, r.ConcludedOn, heldOn, now, errors);
        Problems.ThrowIfAny(errors);

        var agreement = new Agreement
        {
            Id = Guid.NewGuid(),
            Title = r.Title!.Trim(),
            MeetingId = r.MeetingId,
            // Without a day given, an agreement from a meeting was concluded there; a standalone one today.
            ConcludedOn = r.ConcludedOn ?? heldOn ?? DateOnly.FromDateTime(now.UtcDateTime),
            RecordedAt = now,
            RecordedBy = actor.UserName,
            RecordedBySide = actor.Side!.Value,
        };
        db.Agreements.Add(agreement);
        var view = View(agreement, [], EmptyCitations, now);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/agreements/{agreement.Id}", now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/agreements/{agreement.Id}", view);
    }

    private static async Task<IResult> ListAgreements(HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        RequireReader(http);
        var agreements = await db.Agreements.AsNoTracking().OrderByDescending(a => a.ConcludedOn).ThenByDescending(a => a.RecordedAt).Take(1000).ToListAsync(ct);
        var ids = agreements.Select(a => a.Id).ToList();
        var commitments = await db.Commitments.AsNoTracking().AsSplitQuery().Where(c => ids.Contains(c.AgreementId)).ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        var byAgreement = commitments.ToLookup(c => c.AgreementId);
        var now = time.GetUtcNow();
        return TypedResults.Ok(agreements.Select(a => View(a, byAgreement[a.Id], citedBy, now)).ToList());
    }

    private static async Task<IResult> GetAgreement(Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        RequireReader(http);
        var agreement = await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw Problems.NotFound($"No agreement {id}.");
        var commitments = await db.Commitments.AsNoTracking().AsSplitQuery().Where(c => c.AgreementId == id).ToListAsync(ct);
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        return TypedResults.Ok(View(agreement, commitments, citedBy, time.GetUtcNow()));
    }

    private static async Task<IResult> AddCommitment(Guid id, Body<CommitmentRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        AuthSetup.Require(Permissions.MayKeepRegister(actor), "Commitments are recorded by either side's liaison.");
        var agreement = await db.Agreements.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct) ?? throw Problems.NotFound($"No agreement {id}.");
        var r = body.Value;
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var obligor = RegisterRules.CheckCommitment(r.ObligorSide, r.Text, r.DueOn, agreement.ConcludedOn, errors);
        Problems.ThrowIfAny(errors);

        var commitment = new Commitment
        {
            Id = Guid.NewGuid(),
            AgreementId = agreement.Id,
            ObligorSide = obligor,
            Text = r.Text!.Trim(),
            DueOn = r.DueOn,
            RecordedAt = now,
            RecordedBy = actor.UserName,
            RecordedBySide = actor.Side!.Value,
        };
        db.Commitments.Add(commitment);
        var view = View(commitment, [], now);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/commitments/{commitment.Id}", now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/commitments/{commitment.Id}", view);
    }

    private static async Task<IResult> ListCommitments(string? side, string? status, Guid? agreement, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var obligor = side is null ? null : IncidentRules.ParseSide(side, "side", errors);
        CommitmentStatus? wanted = null;
        if (status is not null)
        {
            wanted = Kebab.TryParse<CommitmentStatus>(status, out var s) ? s : null;
            errors.Require(wanted is not null, "status", $"One of {Kebab.Words<CommitmentStatus>()}.");
        }
        Problems.ThrowIfAny(errors);
        RequireReader(http);

        var query = db.Commitments.AsNoTracking();
        if (obligor is { } o)
        {
            query = query.Where(c => c.ObligorSide == o);
        }
        if (agreement is { } a)
        {
            query = query.Where(c => c.AgreementId == a);
        }
        var commitments = await query.OrderByDescending(c => c.RecordedAt).Take(1000).AsSplitQuery().ToListAsync(ct);
        var now = time.GetUtcNow();
        // The status is derived, so it is filtered here rather than in SQL.
        commitments = [.. commitments.Where(c => wanted is null || c.StatusAt(now) == wanted)];
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [.. commitments.Select(c => c.Id)], ct);
        return TypedResults.Ok(commitments.Select(c => View(c, citedBy[c.Id], now)).ToList());
    }

    private static async Task<IResult> GetCommitment(Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        RequireReader(http);
        var commitment = await db.Commitments.AsNoTracking().AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw Problems.NotFound($"No commitment {id}.");
        var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [id], ct);
        return TypedResults.Ok(View(commitment, citedBy[id], time.GetUtcNow()));
    }

    private static Task<IResult> Report(Guid id, Body<ComplianceReportRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct) =>
        Change(id, http, db, time, idempotency, ct,
            c => Permissions.MayReportCompliance(http.User.Actor(), c.ObligorSide),
            c => $"Compliance with a commitment {c.ObligorSide} owes is reported by {c.ObligorSide}'s liaison.",
            (c, actor, now) =>
            {
                var errors = new FieldErrors();
                var status = RegisterRules.CheckReport(body.Value.Status, body.Value.Evidence, errors);
                Problems.ThrowIfAny(errors);
                return c.Report(actor.Side!.Value, status, body.Value.Evidence!.Trim(), actor.UserName, now);
            });

    private static Task<IResult> Dispute(Guid id, Body<DisputeRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct) =>
        Change(id, http, db, time, idempotency, ct,
            c => Permissions.MayDisputeCommitment(http.User.Actor(), c.ObligorSide),
            c => $"A commitment {c.ObligorSide} owes is disputed by {c.ObligorSide.Other()}'s liaison.",
            (c, actor, now) =>
            {
                var errors = new FieldErrors();
                RegisterRules.CheckDispute(body.Value.Statement, errors);
                Problems.ThrowIfAny(errors);
                return c.Dispute(actor.Side!.Value, body.Value.Statement!.Trim(), actor.UserName, now);
            });

    /// <summary>Adds a report or a dispute; numbered in the commitment's one sequence, retried when another writer got there first.</summary>
    private static async Task<IResult> Change(
        Guid id, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct,
        Func<Commitment, bool> allowed, Func<Commitment, string> refusal, Func<Commitment, Actor, DateTimeOffset, object> step)
    {
        var actor = http.User.Actor();
        var now = time.GetUtcNow();
        var view = await Concurrency.RetryNumberedAsync(db, idempotency, async token =>
        {
            var commitment = await db.Commitments.AsSplitQuery().SingleOrDefaultAsync(c => c.Id == id, token) ?? throw Problems.NotFound($"No commitment {id}.");
            AuthSetup.Require(allowed(commitment), refusal(commitment));
            // Added explicitly: found only through the navigation, a child with its key already set would be taken for an existing row.
            db.Add(step(commitment, actor, now));
            var citedBy = await NoticeCitations.CitingCommitmentsAsync(db, [id], token);
            var result = View(commitment, citedBy[id], now);
            idempotency.Record(db, StatusCodes.Status201Created, result, $"/api/v1/commitments/{id}", now);
            await db.SaveChangesAsync(token);
            return result;
        }, ct);
        return TypedResults.Created($"/api/v1/commitments/{id}", view);
    }

    private static void RequireReader(HttpContext http) =>
        AuthSetup.Require(Permissions.MayReadCommitments(http.User.Actor()), "Agreements and commitments are read by officers, liaisons and administrators.");

    private static readonly ILookup<Guid, Guid> EmptyCitations = Array.Empty<Guid>().ToLookup(x => x);

    public static AgreementView View(Agreement a, IEnumerable<Commitment> commitments, ILookup<Guid, Guid> citedBy, DateTimeOffset now) => new(
        a.Id, a.Title, a.MeetingId, a.ConcludedOn, a.RecordedAt, a.RecordedBy, a.RecordedBySide.ToString(),
        [.. commitments.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id).Select(c => View(c, citedBy[c.Id], now))]);

    public static CommitmentView View(Commitment c, IEnumerable<Guid> citedBy, DateTimeOffset now) => new(
        c.Id, c.AgreementId, c.ObligorSide.ToString(), c.Text, c.DueOn, c.StatusAt(now),
        [.. c.Reports.OrderBy(r => r.Sequence).Select(r => new ComplianceReportView(r.Id, r.Sequence, c.ObligorSide.ToString(), r.Status, r.Evidence, r.ReportedAt, r.ReportedBy))],
        [.. c.Disputes.OrderBy(d => d.Sequence).Select(d => new DisputeView(d.Id, d.Sequence, c.ObligorSide.Other().ToString(), d.Statement, d.RaisedAt, d.RaisedBy))],
        [.. citedBy], c.RecordedAt, c.RecordedBy);
}
