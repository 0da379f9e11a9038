using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Notices;

/// <summary>The notices routes: each binds its request, calls its use case and answers with a typed result.</summary>
public static class NoticeEndpoints
{
    public static IEndpointRouteBuilder MapNotices(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/crossings/{id}/notices", async Task<Created<NoticeView>> (string id, Body<IssueNoticeRequest> body, ClaimsPrincipal user, IssueNotice issue, CancellationToken ct) =>
            {
                var notice = await issue.HandleAsync(user.Actor(), id, body.Value, ct);
                return TypedResults.Created($"/api/v1/notices/{notice.Id}", notice);
            })
            .RequireAuthorization()
            .Idempotent()
            .WithTags("Notices")
            .WithName(nameof(IssueNotice))
            .WithSummary("Issue a notice for the caller's own side's gate: its new state, directions, reason and when it takes effect.")
            .Refuses(400, 401, 403, 404, 409, 422);

        var group = app.MapGroup("/api/v1/notices").WithTags("Notices");
        group.MapGet("/", async Task<Ok<List<NoticeView>>> (string? crossing, string? active, string? acknowledged, string? after, int? limit, HttpContext http, ListNotices list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(new NoticeQuery(crossing, active, acknowledged), new PageRequest(after, limit), ct), limit))
            .Paged()
            .PublicCache()
            .WithName(nameof(ListNotices))
            .WithSummary("Notices, newest first, a page at a time (Link rel=next); filter by crossing, active (scheduled or in force) and acknowledged.")
            .Refuses(400, 404, 422);
        group.MapGet("/{id:guid}", async Task<Ok<NoticeView>> (Guid id, GetNotice get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(id, ct)))
            .PublicCache()
            .WithName(nameof(GetNotice))
            .WithSummary("One notice with its status and acknowledgement.")
            .Refuses(404);
        group.MapPost("/{id:guid}/acknowledgement", async Task<Created<AcknowledgementView>> (Guid id, ClaimsPrincipal user, AcknowledgeNotice acknowledge, CancellationToken ct) =>
                TypedResults.Created($"/api/v1/notices/{id}", await acknowledge.HandleAsync(user.Actor(), id, ct)))
            .RequireAuthorization()
            .Idempotent()
            .TakesNoBody()
            .WithName(nameof(AcknowledgeNotice))
            .WithSummary("The other side acknowledges that it has been told of a notice (once).")
            .Refuses(401, 403, 404, 409);
        return app;
    }
}
