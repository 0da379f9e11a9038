using System.Globalization;
using CsvHelper;
using Khyber.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Khyber.Api.Exports;

/// <summary>
/// A CSV download written row by row straight to the response as the rows are read from the database, so an export's
/// memory does not grow with its length. The same object answers the API (an <see cref="IResult"/>) and a page
/// (an <see cref="IActionResult"/>).
/// </summary>
/// <remarks>
/// Everything that can refuse the request is checked before it is made, so a refusal is still a problem; once the
/// first byte is sent, a failure can only cut the download short.
/// </remarks>
public sealed class CsvFile(string fileName, Func<CsvWriter, CancellationToken, Task> write) : IResult, IActionResult
{
    /// <summary>
    /// RFC 4180 with a UTF-8 byte order mark (so spreadsheets read Urdu, Pashto and Dari names right) and CSV injection
    /// escaped: a text cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a
    /// leading <c>'</c>, which a spreadsheet shows as text rather than running as a formula.
    /// </summary>
    public static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        TrueValue = "true",
        FalseValue = "false",
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public string FileName { get; } = fileName;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = FileName }.ToString();
        // Exports may hold personal data: no cache keeps a copy.
        http.Response.Headers.CacheControl = "no-store";
        var csv = CsvWriter.Create(http.Response.Body, Options, leaveOpen: true);
        await using (csv.ConfigureAwait(false))
        {
            await write(csv, http.RequestAborted);
            await csv.FlushAsync(http.RequestAborted);
        }
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}

/// <summary>
/// A crossing's two clocks, for time columns: every time is written in UTC (<c>…_utc</c>, ISO 8601 with a Z) and in
/// each side's local time (<c>…_pk_local</c>, <c>…_af_local</c>, as <c>yyyy-mm-dd hh:mm:ss</c> in the side's IANA
/// zone), so that each authority's report reads in its own clock.
/// </summary>
public sealed class CrossingClocks(IReadOnlyList<(Side Side, TimeZoneInfo Zone)> zones)
{
    /// <summary>The three column names of a time: <c>name_utc</c>, then one per side.</summary>
    public IEnumerable<string> Columns(string name) =>
        [$"{name}_utc", .. zones.Select(z => $"{name}_{z.Side.ToString().ToLowerInvariant()}_local")];

    /// <summary>Writes a time (or empty fields for none) in UTC and in each side's clock.</summary>
    public void Write(CsvWriter csv, DateTimeOffset? at)
    {
        if (at is not { } t)
        {
            csv.WriteField((string?)null);
            foreach (var _ in zones)
            {
                csv.WriteField((string?)null);
            }
            return;
        }
        csv.WriteField(t.UtcDateTime, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'");
        foreach (var (_, zone) in zones)
        {
            csv.WriteField(TimeZoneInfo.ConvertTime(t, zone).DateTime, "yyyy'-'MM'-'dd' 'HH':'mm':'ss");
        }
    }
}
