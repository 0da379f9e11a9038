namespace Khyber.Domain.Exports;

/// <summary>What an authority exports for its own reports.</summary>
public enum ExportKind
{
    Trucks,
    Notices,
    Incidents,
}

/// <summary>Which trucks a truck export holds, each by the time of its own step: crossed (exited), waiting (checked in), rejected, spoiled.</summary>
public enum TruckExportStatus
{
    Crossed,
    Waiting,
    Rejected,
    Spoiled,
}

/// <summary>
/// An export asked for: its kind, its days (both included, cut at midnight UTC) and, for trucks, which ones.
/// </summary>
public sealed record ExportRequest(ExportKind Kind, DateOnly From, DateOnly To, TruckExportStatus? Status)
{
    /// <summary>The first instant of the range: midnight UTC at the start of <see cref="From"/>.</summary>
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The first instant after the range: midnight UTC at the end of <see cref="To"/>.</summary>
    public DateTimeOffset End => new(To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>What an export request must satisfy, field by field.</summary>
/// <remarks>
/// The range is bounded so that one request cannot ask for the whole history at once; a year (366 days, a leap year
/// included) is what an authority's yearly report needs, and the export streams it in constant memory.
/// </remarks>
public static class ExportRules
{
    public const int MaxDays = 366;

    public static ExportRequest? Validate(string? kind, DateOnly? from, DateOnly? to, string? status, FieldErrors errors)
    {
        ExportKind? k = null;
        if (errors.Require(kind is not null, "kind", $"Required: one of {Kebab.Words<ExportKind>()}."))
        {
            k = errors.Require(Kebab.TryParse<ExportKind>(kind, out var parsed), "kind", $"One of {Kebab.Words<ExportKind>()}.") ? parsed : null;
        }
        errors.Require(from is not null, "from", "Required: the first day, as yyyy-mm-dd.");
        errors.Require(to is not null, "to", "Required: the last day, as yyyy-mm-dd.");
        if (from is { } f && to is { } t)
        {
            if (errors.Require(f <= t, "from", "Must not be after to."))
            {
                errors.Require(t.DayNumber - f.DayNumber < MaxDays, "to", $"At most {MaxDays} days from 'from': export a longer period in parts.");
            }
        }
        TruckExportStatus? s = null;
        if (status is not null)
        {
            if (k is not null && k != ExportKind.Trucks)
            {
                errors.Add("status", "Only trucks are exported by status.");
            }
            else
            {
                s = errors.Require(Kebab.TryParse<TruckExportStatus>(status, out var parsed), "status", $"One of {Kebab.Words<TruckExportStatus>()}.") ? parsed : null;
            }
        }
        return errors.Any || k is null || from is null || to is null ? null : new ExportRequest(k.Value, from.Value, to.Value, s);
    }
}
