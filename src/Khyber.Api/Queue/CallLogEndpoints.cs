using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Queue;

/// <summary>The public call log: bind, handle, answer a page — the next page's address in a <c>Link</c> header.</summary>
public static class CallLogEndpoints
{
    public static IEndpointRouteBuilder MapCallLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/crossings/{id}/queue/{direction}/calls", async Task<Ok<List<CallView>>> (string id, string direction, string? after, int? limit, HttpContext http, ListCalls list, CancellationToken ct) =>
                Paging.Answer(http, await list.HandleAsync(id, direction, new PageRequest(after, limit), ct), limit))
            .Paged()
            .WithTags("Trucks and queues")
            .WithName(nameof(ListCalls))
            .WithSummary("The public call log of a direction, newest call first, a page at a time (Link rel=next): each truck called, plate masked, with its category and the rule that chose it.")
            .Refuses(400, 404, 422);
        return app;
    }
}
