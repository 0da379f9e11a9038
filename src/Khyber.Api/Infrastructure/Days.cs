using System.Globalization;

namespace Khyber.Api.Infrastructure;

/// <summary>Days in routes and queries: yyyy-mm-dd and nothing else; text that is not one cannot be read (400, naming it).</summary>
public static class Days
{
    /// <summary>The days a border's records can be about: wide enough for any history, narrow enough that every clock can say when they begin and end.</summary>
    public static readonly DateOnly Earliest = new(2000, 1, 1), Latest = new(2199, 12, 31);

    public static DateOnly Parse(string? text, string field)
    {
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw Problems.BadRequest(field, "Not a valid value: a day as yyyy-mm-dd, such as 2026-11-28.");
        }
        return day >= Earliest && day <= Latest ? day
            : throw Problems.Invalid(field, $"A day from {Text(Earliest)} to {Text(Latest)}.");
    }

    public static DateOnly? ParseOptional(string? text, string field) => text is null ? null : Parse(text, field);

    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
