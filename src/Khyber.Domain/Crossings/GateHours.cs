namespace Khyber.Domain.Crossings;

/// <summary>
/// One side's daily opening hours on its own wall clock: from <see cref="Opens"/> until <see cref="Closes"/>. A window
/// that closes at or before the time it opens runs past midnight into the next day (22:00–06:00; 07:00–00:00 is open
/// until midnight).
/// </summary>
public readonly record struct GateHours(TimeOnly Opens, TimeOnly Closes)
{
    public bool Overnight => Closes <= Opens;

    /// <summary>The window that opens on <paramref name="day"/>, as instants (see <see cref="WallClock.Instant"/>).</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes) On(DateOnly day, TimeZoneInfo zone) =>
        (WallClock.Instant(day, Opens, zone), WallClock.Instant(Overnight ? day.AddDays(1) : day, Closes, zone));

    public override string ToString() => $"{Text(Opens)}–{Text(Closes)}";

    /// <summary>A time as the API writes it: <c>07:00</c>.</summary>
    public static string Text(TimeOnly time) => time.ToString("HH':'mm", System.Globalization.CultureInfo.InvariantCulture);
}
