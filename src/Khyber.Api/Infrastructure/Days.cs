using System.Globalization;

namespace Khyber.Api.Infrastructure;

/// <summary>Days in routes and queries: yyyy-mm-dd and nothing else; text that is not one cannot be read (400, naming it).</summary>
public static class Days
{
    public static DateOnly Parse(string? text, string field) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw Problems.BadRequest(field, "Not a valid value: a day as yyyy-mm-dd, such as 2026-11-28.");

    public static DateOnly? ParseOptional(string? text, string field) => text is null ? null : Parse(text, field);

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
