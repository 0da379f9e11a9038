using System.Security.Claims;
using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Reports;

/// <summary>
/// The joint daily report's routes: the report as JSON, as PDF in one of four languages, and its countersignatures. Each
/// binds its request, calls its use case and answers with a typed result.
/// </summary>
public static class ReportEndpoints
{
    private const string Tag = "Daily reports";

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/v1/crossings/{id}/reports").WithTags(Tag).RequireAuthorization();
        reports.MapGet("/{day}", async Task<Ok<DailyReportView>> (string id, string day, ClaimsPrincipal user, GetDailyReport get, CancellationToken ct) =>
                TypedResults.Ok(await get.HandleAsync(user.Actor(), id, day, ct)))
            .WithName(nameof(GetDailyReport))
            .WithSummary("A crossing's joint daily report for a day (yyyy-mm-dd) over on both sides' clocks: gates, trucks through against capacity and commitments, notices, incidents, stranded and spoiled trucks, commitment evaluations, the audit head it was computed at and who has countersigned it.")
            .Refuses(400, 401, 403, 404, 422);
        reports.MapGet("/{day}.pdf", async Task<FileContentHttpResult> (string id, string day, string? language, ClaimsPrincipal user, PrintDailyReport print, CancellationToken ct) =>
            {
                var pdf = await print.HandleAsync(user.Actor(), id, day, language, ct);
                return TypedResults.File(pdf.Content, "application/pdf", pdf.FileName);
            })
            .WithName(nameof(PrintDailyReport))
            .WithSummary("The daily report as PDF, in English (en, the default), Urdu (ur), Pashto (ps) or Dari (fa-AF), printed from the same page by headless Chromium.")
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .Refuses(400, 401, 403, 404, 422, 503);
        reports.MapPost("/{day}/countersignatures", async Task<Created<DailyReportView>> (string id, string day, Body<CountersignRequest> body, ClaimsPrincipal user, CountersignReport sign, CancellationToken ct) =>
            {
                var report = await sign.HandleAsync(user.Actor(), id, day, body.Value, ct);
                return TypedResults.Created($"/api/v1/crossings/{report.CrossingId}/reports/{Days.Text(report.Day)}", report);
            })
            .Idempotent()
            .WithName(nameof(CountersignReport))
            .WithSummary("A liaison countersigns the daily report for its side at the head hash it read; refused when the report has moved on to another head (409, headHash) or the side has already signed it there (409, side).")
            .Refuses(400, 401, 403, 404, 409, 422);
        return app;
    }
}
