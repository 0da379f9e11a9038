using System.Globalization;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Reports;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Liaison;

/// <summary>
/// The joint daily report of a crossing, read and countersigned by the liaisons, as a page, a PDF in any of the four
/// languages and JSON — each through the API's own use case.
/// </summary>
public sealed class ReportModel(ListCrossings listCrossings, GetDailyReport getReport, TimeProvider time) : KhyberPage
{
    public Side Side => Me.Side ?? Side.PK;

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    /// <summary>The crossing asked for; Torkham unless given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Crossing { get; set; }

    /// <summary>The day asked for (yyyy-mm-dd); yesterday (UTC) unless given.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Day { get; set; }

    public DailyReportView? Report { get; private set; }

    /// <summary>Whether this liaison's side has signed the report as it stands now.</summary>
    public bool SignedNow => Report?.Countersignatures.Any(s => s.Side == Side.ToString() && s.Current) == true;

    /// <summary>The query of this report, for links and the redirect after a signature.</summary>
    public object Query => new { crossing = Crossing, day = Day };

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Crossings = await listCrossings.HandleAsync(ct);
        Crossing = string.IsNullOrWhiteSpace(Crossing) ? Crossings.FirstOrDefault(c => c.Id == "torkham")?.Id ?? Crossings.FirstOrDefault()?.Id ?? "" : Crossing;
        Day = string.IsNullOrWhiteSpace(Day) ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Day;
        if (Report is not null)
        {
            return;
        }
        try
        {
            Report = await getReport.HandleAsync(Me, Crossing, Day, ct);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            // A report that cannot be compiled is refused beside the form that asks for it — as is a refused signature, which then has no report to sit beside.
            Refused(Refusal ?? refusal, "report");
        }
    }

    public Task<IActionResult> OnPostCountersignAsync(string? headHash, [FromServices] CountersignReport sign) =>
        Act("countersign", () => sign.HandleAsync(Me, Crossing ?? "", Day ?? "", new CountersignRequest(headHash), HttpContext.RequestAborted), "Report countersigned.", Query);

    /// <summary>The report as PDF, in the language asked (the page's own unless given).</summary>
    public async Task<IActionResult> OnGetPdfAsync(string? language, [FromServices] PrintDailyReport print)
    {
        try
        {
            var pdf = await print.HandleAsync(Me, Crossing ?? "", Day ?? "", language ?? CultureInfo.CurrentUICulture.Name, HttpContext.RequestAborted);
            return File(pdf.Content, "application/pdf", pdf.FileName);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "report");
        }
    }

    /// <summary>The report as the API gives it.</summary>
    public async Task<IActionResult> OnGetJsonAsync()
    {
        try
        {
            return new JsonResult(await getReport.HandleAsync(Me, Crossing ?? "", Day ?? "", HttpContext.RequestAborted), Json.Options);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "report");
        }
    }
}
