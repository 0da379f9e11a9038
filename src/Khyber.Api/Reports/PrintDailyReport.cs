using System.Diagnostics;
using System.Globalization;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewEngines;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Khyber.Api.Reports;

/// <summary>The daily report as a document for the printer: the report, the stylesheet to inline, and its language.</summary>
public sealed record PrintedReport(DailyReportView Report, string Css, string Culture);

/// <summary>A PDF file of a daily report, in one of the pages' four languages.</summary>
public sealed record ReportPdf(string FileName, byte[] Content);

/// <summary>
/// The daily report as PDF, in English, Urdu, Pashto or Dari: the same Razor view as the page, printed by headless Chromium.
/// </summary>
/// <remarks>
/// Chromium rather than a PDF library because the report is written right to left in three of its languages: the browser
/// shapes Arabic script and lays out bidirectional text as the page does, where a drawing library (PDFsharp) would need all
/// of that done by hand; and the PDF then is the page, not a second layout to keep in step with it.
/// </remarks>
public sealed class PrintDailyReport(KhyberDb db, TimeProvider time, ReportPrinter printer, IHttpContextAccessor http) : IUseCase
{
    public async Task<ReportPdf> HandleAsync(Actor actor, string crossingId, string day, string? language, CancellationToken ct)
    {
        var date = Days.Parse(day, "day");
        var culture = language is null ? "en"
            : PagesSetup.Cultures.FirstOrDefault(c => string.Equals(c, language, StringComparison.OrdinalIgnoreCase))
            ?? throw Problems.Invalid("language", $"One of {string.Join(", ", PagesSetup.Cultures)}.");
        AuthSetup.Require(Permissions.MayReadDailyReports(actor), "Daily reports are read by officers, liaisons and administrators.");
        var report = await GetDailyReport.ComputeAsync(db, crossingId, date, time.GetUtcNow(), ct);
        var html = await ReportHtml.RenderAsync(http.HttpContext!, report, culture);
        var pdf = await printer.PrintAsync(html, ct);
        return new ReportPdf($"khyber-{report.CrossingId}-{Days.Text(date)}-{culture}.pdf", pdf);
    }
}

/// <summary>Writes the printed report's HTML with the Razor view engine, in the language asked.</summary>
public static class ReportHtml
{
    public const string View = "/Pages/Reports/_PrintedReport.cshtml";

    public static async Task<string> RenderAsync(HttpContext http, DailyReportView report, string culture)
    {
        var services = http.RequestServices;
        var engine = services.GetRequiredService<ICompositeViewEngine>();
        var found = engine.GetView(executingFilePath: null, viewPath: View, isMainPage: true);
        if (found.View is null)
        {
            throw new InvalidOperationException($"The printed report's view {View} was not found.");
        }
        var css = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "wwwroot", "css", "site.css"));
        var (culturePrevious, uiPrevious) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            await using var writer = new StringWriter(CultureInfo.InvariantCulture);
            var actionContext = new ActionContext(http, http.GetRouteData(), new ActionDescriptor());
            var viewData = new ViewDataDictionary<PrintedReport>(new EmptyModelMetadataProvider(), new ModelStateDictionary())
            {
                Model = new PrintedReport(report, css, culture),
            };
            var tempData = new TempDataDictionary(http, services.GetRequiredService<ITempDataProvider>());
            var context = new ViewContext(actionContext, found.View, viewData, tempData, writer, new HtmlHelperOptions());
            await found.View.RenderAsync(context);
            return writer.ToString();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culturePrevious, uiPrevious);
        }
    }
}

/// <summary>
/// Prints HTML to PDF with headless Chromium (<c>Reports:Chromium</c>, <c>/usr/bin/chromium</c> by default), one document at
/// a time, from a private temporary folder that is removed afterwards; the page is a local file and nothing is fetched.
/// </summary>
public sealed class ReportPrinter(IConfiguration config, ILogger<ReportPrinter> log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task<byte[]> PrintAsync(string html, CancellationToken ct)
    {
        var chromium = config["Reports:Chromium"] ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw Unavailable($"No Chromium at {chromium}: install it (Debian: apt-get install chromium) or set Reports:Chromium.");
        }
        await _one.WaitAsync(ct);
        var folder = Directory.CreateTempSubdirectory("khyber-report-");
        try
        {
            var page = Path.Combine(folder.FullName, "report.html");
            var pdf = Path.Combine(folder.FullName, "report.pdf");
            await File.WriteAllTextAsync(page, html, ct);
            var start = new ProcessStartInfo(chromium) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            // The flags the browser tests use, and a profile of its own so that concurrent servers do not share one.
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}",
                $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw Unavailable("Chromium did not start.");
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw Unavailable($"Chromium did not finish printing within {Timeout.TotalSeconds:0} s.");
            }
            await Task.WhenAll(output, errors);
            if (!File.Exists(pdf) || new FileInfo(pdf).Length == 0)
            {
                log.LogError("Chromium exited with {Code} without a PDF: {Errors}", process.ExitCode, errors.Result);
                throw Unavailable("Chromium did not write the PDF.");
            }
            return await File.ReadAllBytesAsync(pdf, ct);
        }
        finally
        {
            _one.Release();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException e)
            {
                log.LogWarning(e, "Could not remove {Folder}", folder.FullName);
            }
        }
    }

    private static ApiProblemException Unavailable(string why) =>
        new(StatusCodes.Status503ServiceUnavailable, "The PDF cannot be printed now.", why);
}
