using System.Globalization;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Exports;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Exports;

/// <summary>An export as asked: its days as text (yyyy-mm-dd), read here so that a bad one is a problem naming it; for trucks, a status.</summary>
public sealed record ExportQuery(string? From, string? To, string? Status = null);

/// <summary>
/// A CSV export of a crossing's trucks, notices or incidents over a range of days, for the authorities' own reports:
/// liaisons and administrators for any crossing, officers for their own (<see cref="Permissions.MayExport"/>).
/// </summary>
/// <remarks>
/// Rows are read with no tracking and written to the response as they come (<see cref="CsvFile"/>), so a year of
/// Torkham — over 200 000 trucks — streams in constant memory. An export changes nothing and is not audited.
/// </remarks>
public sealed class ExportCsv(KhyberDb db) : IUseCase
{
    public async Task<CsvFile> HandleAsync(Actor actor, string crossingId, string? kind, ExportQuery q, CancellationToken ct)
    {
        var from = Day(q.From, "from");
        var to = Day(q.To, "to");
        var errors = new FieldErrors();
        var request = ExportRules.Validate(kind, from, to, q.Status, errors);
        Problems.ThrowIfAny(errors);
        AuthSetup.Require(Permissions.MayExport(actor, crossingId), "Exports are made by liaisons and administrators, and by officers for their own crossing.");
        var sides = await db.CrossingSides.AsNoTracking().Where(s => s.CrossingId == crossingId).ToListAsync(ct);
        if (sides.Count == 0)
        {
            throw Problems.NotFound($"No crossing '{crossingId}'.");
        }
        var clocks = new CrossingClocks([.. sides.OrderBy(s => s.Side).Select(s => (s.Side, TimeZoneInfo.FindSystemTimeZoneById(s.TimeZone)))]);
        var r = request!;
        var name = string.Join('-', new[] { "khyber", crossingId, Kebab.Word(r.Kind.ToString()), r.Status is { } s ? Kebab.Word(s.ToString()) : null,
            r.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "to", r.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }.Where(p => p is not null)) + ".csv";
        return r.Kind switch
        {
            ExportKind.Trucks => new CsvFile(name, (csv, token) => TruckCsv.WriteAsync(db, crossingId, r, clocks, Permissions.MaySeeDriversAt(actor, crossingId), csv, token)),
            ExportKind.Notices => new CsvFile(name, (csv, token) => NoticeCsv.WriteAsync(db, crossingId, r, clocks, csv, token)),
            _ => new CsvFile(name, (csv, token) => IncidentCsv.WriteAsync(db, crossingId, r, clocks, csv, token)),
        };
    }

    /// <summary>A day as yyyy-mm-dd; text that is not one cannot be read (400), as a bad time in any query.</summary>
    private static DateOnly? Day(string? text, string field) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw Problems.BadRequest(field, "Not a valid value: a day as yyyy-mm-dd, such as 2026-11-28.");
}
