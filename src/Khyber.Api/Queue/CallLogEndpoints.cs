using System.Globalization;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Queue;

/// <summary>The public call log: bind, handle, answer — with the next page's address in a <c>Link</c> header.</summary>
public static class CallLogEndpoints
{
    public static IEndpointRouteBuilder MapCallLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/crossings/{id}/queue/{direction}/calls", async Task<Ok<List<CallView>>> (string id, string direction, long? after, int? limit, HttpContext http, ListCalls list, CancellationToken ct) =>
            {
                var page = await list.HandleAsync(id, direction, after, limit, ct);
                if (page.Next is { } next)
                {
                    http.Response.Headers.Link = $"<{NextPage(http.Request, next, limit)}>; rel=\"next\"";
                }
                return TypedResults.Ok(page.Calls);
            })
            .WithTags("Trucks and queues")
            .WithName(nameof(ListCalls))
            .WithSummary("The public call log of a direction, newest call first: each truck called, plate masked, with its category and the rule that chose it (50 calls a page; after = the last call number received).")
            .Refuses(400, 404, 422);
        return app;
    }

    /// <summary>This request's path and query with <c>after</c> set to <paramref name="after"/>: relative, so it holds behind any proxy.</summary>
    private static string NextPage(HttpRequest request, long after, int? limit) =>
        $"{request.PathBase}{request.Path}?after={after.ToString(CultureInfo.InvariantCulture)}"
        + (limit is { } l ? $"&limit={l.ToString(CultureInfo.InvariantCulture)}" : "");
}
