using Khyber.Api.Infrastructure;

namespace Khyber.Api.Exports;

/// <summary>The export route: binds the request, calls the use case and streams the CSV it makes.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/crossings/{id}/exports/{kind}.csv", async Task<CsvFile> (string id, string kind, string? from, string? to, string? status, HttpContext http, ExportCsv export, CancellationToken ct) =>
                await export.HandleAsync(http.User.Actor(), id, kind, new ExportQuery(from, to, status), ct))
            .RequireAuthorization()
            .WithTags("Exports")
            .WithName(nameof(ExportCsv))
            .WithSummary("A CSV of a crossing's trucks (by status: crossed, waiting, rejected, spoiled), notices or incidents over a range of days (at most 366), times in UTC and in each side's clock, streamed.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .Refuses(400, 401, 403, 404, 422);
        return app;
    }
}
