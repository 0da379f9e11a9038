using System.Globalization;
using System.Text.RegularExpressions;

namespace Khyber.Simulation.Crossings;

/// <summary>The crossing's local time at the start of a forecast: the hour of the day and the day of the week that operating hours and arrival profiles are read in.</summary>
/// <remarks>
/// A scenario states either <c>startsAt</c> (an instant) with an optional <c>timeZone</c> (an IANA name
/// such as <c>Asia/Karachi</c>, or a fixed offset such as <c>+04:30</c>; without one, the offset written
/// in <c>startsAt</c>), or the local <c>startHourOfDay</c> and <c>startDayOfWeek</c> directly. The
/// simulation clock runs in hours from the start, so a zone that changes its offset within the horizon
/// (daylight saving) is refused rather than followed: Pakistan and Afghanistan keep none.
/// </remarks>
internal static partial class LocalClock
{
    public static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <returns>The local hour of the day at the start, and the local day of the week (Monday = 0) if known.</returns>
    public static (double HourOfDay, int? DayOfWeek) Resolve(
        DateTimeOffset? startsAt,
        string? timeZone,
        double startHourOfDay,
        string? startDayOfWeek,
        double horizonHours,
        InputErrors errors,
        string path)
    {
        int? day = null;
        if (startDayOfWeek is not null)
        {
            var index = Array.IndexOf(DayNames, startDayOfWeek.ToLowerInvariant());
            errors.Require(index >= 0, $"{path}startDayOfWeek", "must be a day of the week: monday … sunday");
            day = index >= 0 ? index : null;
        }

        if (startsAt is not { } instant)
        {
            errors.Require(timeZone is null, $"{path}timeZone", "needs startsAt: without it, startHourOfDay is already the local hour");
            return (startHourOfDay, day);
        }

        errors.Require(startDayOfWeek is null, $"{path}startDayOfWeek", "give startsAt or startDayOfWeek, not both");
        errors.Require(startHourOfDay == 0, $"{path}startHourOfDay", "give startsAt or startHourOfDay, not both");
        var zone = timeZone is null ? Fixed(instant.Offset) : Find(timeZone);
        if (zone is null)
        {
            errors.Add($"{path}timeZone", "must be an IANA time zone (Asia/Karachi, Asia/Kabul) or an offset like +05:00");
            return (0, null);
        }

        var offset = zone.GetUtcOffset(instant);
        for (var hour = 1.0; hour <= Math.Min(horizonHours, 24 * 366) + 1; hour++)
        {
            if (zone.GetUtcOffset(instant.AddHours(hour)) != offset)
            {
                errors.Add($"{path}timeZone", $"changes its UTC offset {hour:N0} hours after startsAt (daylight saving), which the simulation does not follow; give a fixed offset such as {Format(offset)}");
                break;
            }
        }

        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return (local.TimeOfDay.TotalHours, ((int)local.DayOfWeek + 6) % 7);
    }

    private static TimeZoneInfo? Find(string name)
    {
        if (name is "UTC" or "Z")
        {
            return TimeZoneInfo.Utc;
        }

        var match = OffsetPattern().Match(name);
        if (match.Success)
        {
            var hours = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var minutes = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
            if (hours > 14 || minutes > 59)
            {
                return null;
            }

            var offset = new TimeSpan(hours, minutes, 0);
            return Fixed(match.Groups[1].Value == "-" ? -offset : offset);
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static TimeZoneInfo Fixed(TimeSpan offset) => TimeZoneInfo.CreateCustomTimeZone(Format(offset), offset, Format(offset), Format(offset));

    private static string Format(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^([+-])(\d{2}):?(\d{2})$")]
    private static partial Regex OffsetPattern();
}
