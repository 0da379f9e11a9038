using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Khyber.Domain.Crossings;

/// <summary>
/// A side's wall clock: IANA time zones from the time zone database (.NET reads the system's tzdata on Linux), and the
/// instant at which such a clock shows a given time on a given day — daylight saving included.
/// </summary>
public static partial class WallClock
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);

    /// <summary>
    /// Finds an IANA zone such as <c>Asia/Karachi</c> or <c>Europe/Bucharest</c>. Windows names ("Pakistan Standard Time")
    /// and tzdata's <c>posix/</c> and <c>right/</c> copies are not IANA ids and are not found.
    /// </summary>
    public static bool TryFind(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (id is null || id.Length is 0 or > 64 || !IanaId().IsMatch(id) || id.Contains("..", StringComparison.Ordinal)
            || id.StartsWith("posix/", StringComparison.Ordinal) || id.StartsWith("right/", StringComparison.Ordinal))
        {
            return false;
        }
        if (Zones.TryGetValue(id, out var cached))
        {
            zone = cached;
            return true;
        }
        try
        {
            var found = TimeZoneInfo.FindSystemTimeZoneById(id);
            if (!found.HasIanaId)
            {
                return false;
            }
            zone = Zones.GetOrAdd(id, found);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or System.Security.SecurityException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The zone of a stored id; the stored ids were checked with <see cref="TryFind"/> when they were set.</summary>
    public static TimeZoneInfo Zone(string id) =>
        TryFind(id, out var zone) ? zone : throw new InvalidOperationException($"'{id}' is not a time zone of this system's time zone database.");

    /// <summary>The day it is at <paramref name="at"/> on the zone's wall clock.</summary>
    public static DateOnly Today(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>
    /// The first instant of <paramref name="day"/> at which the zone's wall clock shows <paramref name="time"/> or later, in UTC.
    /// </summary>
    /// <remarks>
    /// This is when staff who keep that clock act. A time the clock skips when it springs forward (02:30 when 02:00 jumps
    /// to 03:00) is reached at the jump, 03:00; a time it shows twice when it falls back (01:30 when 02:00 goes back to
    /// 01:00) is reached the first time. So a gate that opens "at 02:30" opens at 03:00 that night, and one that closes
    /// "at 01:30" closes once, not twice.
    /// </remarks>
    public static DateTimeOffset Instant(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset is the earlier instant.
            return new DateTimeOffset(local, zone.GetAmbiguousTimeOffsets(local).Max()).ToUniversalTime();
        }
        if (!zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }
        // Skipped: the clock jumps over it. The jump lies between the instant the time would have had under the later
        // offset and the one under the earlier; find it (to the tick) as the first instant whose wall clock is past it.
        var before = zone.GetUtcOffset(local.AddHours(-12));
        var after = zone.GetUtcOffset(local.AddHours(12));
        var low = new DateTimeOffset(local, TimeSpan.Zero).UtcTicks - Math.Max(before.Ticks, after.Ticks);
        var high = new DateTimeOffset(local, TimeSpan.Zero).UtcTicks - Math.Min(before.Ticks, after.Ticks);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (TimeZoneInfo.ConvertTime(new DateTimeOffset(middle, TimeSpan.Zero), zone).DateTime >= local)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return new DateTimeOffset(low, TimeSpan.Zero);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$")]
    private static partial Regex IanaId();
}
