using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Commitments;

/// <summary>
/// The register's routes — meetings, agreements, commitments, compliance reports and disputes: each binds its request,
/// calls its use case and answers with a typed result.
/// </summary>
/// <remarks>
/// Either side's liaison records meetings, agreements and the commitments of either side in them; only the obligor
/// reports compliance and only the other side disputes. Meetings are public; agreements and commitments are read by
/// officers, liaisons and administrators.
/// </remarks>
public static class CommitmentEndpoints
{
    private const string Tag = "Meetings, agreements, commitments";

    public static IEndpointRouteBuilder MapCommitments(this IEndpointRouteBuilder app)
    {
        var meetings = app.MapGroup("/api/v1/meetings").WithTags(Tag);
        meetings.MapPost("/", async Task<Created<MeetingView>> (Body<RecordMeetingRequest> body, ClaimsPrincipal user, RecordMeeting record, CancellationToken ct) =>
            {
                var meeting = await record.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/meetings/{meeting.Id}", meeting);
            })
            .RequireAuthorization()
            .Idempotent()
            .WithName(nameof(RecordMeeting))
            .WithSummary("A liaison records a meeting held: the day, the place, each side's delegation, the topics and a summary.")
            .Refuses(400, 401, 403, 422);
        meetings.MapGet("/", async Task<Ok<List<MeetingView>>> (string? after, int? limit, HttpContext http, ListMeetings list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListMeetings))
            .WithSummary("Meetings, latest held first, a page at a time (Link rel=next), with delegations and topics.")
            .Refuses(400, 422);
        meetings.MapGet("/{id:guid}", async Task<Ok<MeetingView>> (Guid id, GetMeeting get, CancellationToken ct) => TypedResults.Ok(await get.HandleAsync(id, ct)))
            .WithName(nameof(GetMeeting))
            .WithSummary("One meeting with its delegations and topics.")
            .Refuses(404);

        var agreements = app.MapGroup("/api/v1/agreements").WithTags(Tag).RequireAuthorization();
        agreements.MapPost("/", async Task<Created<AgreementView>> (Body<AgreementRequest> body, ClaimsPrincipal user, RecordAgreement record, CancellationToken ct) =>
            {
                var agreement = await record.HandleAsync(user.Actor(), body.Value, ct);
                return TypedResults.Created($"/api/v1/agreements/{agreement.Id}", agreement);
            })
            .Idempotent()
            .WithName(nameof(RecordAgreement))
            .WithSummary("A liaison records an agreement, from a meeting or standalone.")
            .Refuses(400, 401, 403, 422);
        agreements.MapGet("/", async Task<Ok<List<AgreementView>>> (string? after, int? limit, HttpContext http, ListAgreements list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(http.User.Actor(), new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListAgreements))
            .WithSummary("Agreements, latest concluded first, a page at a time (Link rel=next), each with its commitments and their status.")
            .Refuses(400, 401, 403, 422);
        agreements.MapGet("/{id:guid}", async Task<Ok<AgreementView>> (Guid id, ClaimsPrincipal user, GetAgreement get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, ct)))
            .WithName(nameof(GetAgreement))
            .WithSummary("One agreement with its commitments and their status.")
            .Refuses(401, 403, 404);
        agreements.MapPost("/{id:guid}/commitments", async Task<Created<CommitmentView>> (Guid id, Body<CommitmentRequest> body, ClaimsPrincipal user, AddCommitment add, CancellationToken ct) =>
            {
                var commitment = await add.HandleAsync(user.Actor(), id, body.Value, ct);
                return TypedResults.Created($"/api/v1/commitments/{commitment.Id}", commitment);
            })
            .Idempotent()
            .WithName(nameof(AddCommitment))
            .WithSummary("A liaison records what one side committed to in an agreement, and by when.")
            .Refuses(400, 401, 403, 404, 422);

        var commitments = app.MapGroup("/api/v1/commitments").WithTags(Tag).RequireAuthorization();
        commitments.MapGet("/", async Task<Ok<List<CommitmentView>>> (string? side, string? status, Guid? agreement, string? after, int? limit, HttpContext http, ListCommitments list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(http.User.Actor(), new CommitmentQuery(side, status, agreement), new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithName(nameof(ListCommitments))
            .WithSummary("Commitments with their derived status, latest recorded first, a page at a time (Link rel=next); filter by obligor side, status and agreement.")
            .Refuses(400, 401, 403, 422);
        commitments.MapGet("/{id:guid}", async Task<Ok<CommitmentView>> (Guid id, ClaimsPrincipal user, GetCommitment get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, ct)))
            .WithName(nameof(GetCommitment))
            .WithSummary("One commitment with its reports, disputes, derived status and the notices citing it.")
            .Refuses(401, 403, 404);
        commitments.MapPost("/{id:guid}/reports", async Task<Created<CommitmentView>> (Guid id, Body<ComplianceReportRequest> body, ClaimsPrincipal user, ReportCompliance report, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/commitments/{id}", await report.HandleAsync(user.Actor(), id, body.Value, ct)))
            .Idempotent()
            .WithName(nameof(ReportCompliance))
            .WithSummary("The obligor side's liaison reports progress on a commitment: on-track, done or failed, with evidence.")
            .Refuses(400, 401, 403, 404, 422);
        commitments.MapPost("/{id:guid}/disputes", async Task<Created<CommitmentView>> (Guid id, Body<DisputeRequest> body, ClaimsPrincipal user, DisputeCommitment dispute, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/commitments/{id}", await dispute.HandleAsync(user.Actor(), id, body.Value, ct)))
            .Idempotent()
            .WithName(nameof(DisputeCommitment))
            .WithSummary("The side a commitment is owed to disputes its keeping, in a statement.")
            .Refuses(400, 401, 403, 404, 422);
        return app;
    }
}
