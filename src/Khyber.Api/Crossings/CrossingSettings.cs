using System.ComponentModel.DataAnnotations;
using Khyber.Domain;
using Khyber.Domain.Crossings;

namespace Khyber.Api.Crossings;

/// <summary>
/// One side as an administrator sets it: its authority, its IANA time zone, and its gate's hours on that clock — <c>opensAt</c>
/// and <c>closesAt</c> (hh:mm; <c>overnight</c> for hours past midnight) or <c>roundTheClock</c>.
/// </summary>
public sealed record CrossingSideRequest(
    [property: Required] string? Country,
    [property: Required] string? Authority,
    [property: Required] string? TimeZone,
    bool? RoundTheClock,
    string? OpensAt,
    string? ClosesAt,
    bool? Overnight);

/// <summary>One direction as an administrator sets it: lanes open and there are, trucks a lane clears an hour, queue policy.</summary>
public sealed record CrossingDirectionRequest(
    [property: Required] string? Direction,
    [property: Required] int? LanesOpen,
    [property: Required] int? LanesMax,
    [property: Required] double? TrucksPerLanePerHour,
    [property: Required] double? PerishableShare,
    [property: Required] double? AgeingBoundHours);

/// <summary>
/// A crossing's settings, whole: the same body creates one (<c>id</c> required) and replaces one's settings (<c>id</c> left
/// out, or the same). <c>confirm</c> applies a change that would strand called trucks.
/// </summary>
public sealed record CrossingRequest(
    string? Id,
    [property: Required] string? Name,
    [property: Required] int? MinimumNoticeHours,
    [property: Required] int? NoShowMinutes,
    [property: Required] IReadOnlyList<CrossingSideRequest?>? Sides,
    [property: Required] IReadOnlyList<CrossingDirectionRequest?>? Directions,
    bool? Confirm)
{
    public CrossingDraft Draft() => new(
        Name,
        MinimumNoticeHours,
        NoShowMinutes,
        Sides?.Select(s => s is null ? null : new SideDraft(s.Country, s.Authority, s.TimeZone, s.RoundTheClock, s.OpensAt, s.ClosesAt, s.Overnight)).ToList(),
        Directions?.Select(d => d is null ? null : new DirectionDraft(d.Direction, d.LanesOpen, d.LanesMax, d.TrucksPerLanePerHour, d.PerishableShare, d.AgeingBoundHours)).ToList());
}

/// <summary>One side's settings: its gate's hours are local times on its own clock, <c>timeZone</c>.</summary>
public sealed record SideSettingsView(string Country, string Authority, string TimeZone, bool RoundTheClock, string? OpensAt, string? ClosesAt, bool Overnight);

/// <summary>
/// A crossing's settings as an administrator sees and sets them, with when it operates: <c>operatingNow</c> (both gates
/// within their hours), <c>opensNext</c> (when not) and <c>closesNext</c> (when so, unless both work round the clock).
/// </summary>
public sealed record CrossingSettingsView(
    string Id,
    string Name,
    int MinimumNoticeHours,
    int NoShowMinutes,
    IReadOnlyList<SideSettingsView> Sides,
    IReadOnlyList<DirectionSettingsView> Directions,
    bool OperatingNow,
    DateTimeOffset? OpensNext,
    DateTimeOffset? ClosesNext,
    DateTimeOffset UpdatedAt);

public static class CrossingSettings
{
    public static CrossingSettingsView View(Crossing c, DateTimeOffset now)
    {
        var operating = c.IsOperating(now);
        return new(
            c.Id,
            c.Name,
            c.MinimumNoticeHours,
            c.NoShowMinutes,
            [.. c.Sides.OrderBy(s => s.Side).Select(Side)],
            [.. c.Directions.OrderBy(d => d.Direction).Select(d => Direction(c.Id, d))],
            operating,
            operating ? null : c.NextOperating(now),
            operating ? c.NextClosing(now) : null,
            c.UpdatedAt);
    }

    public static SideSettingsView Side(CrossingSide s) => new(
        s.Side.ToString(),
        s.Authority,
        s.TimeZone,
        s.Hours is null,
        s.OpensAt is { } opens ? GateHours.Text(opens) : null,
        s.ClosesAt is { } closes ? GateHours.Text(closes) : null,
        s.Hours?.Overnight ?? false);

    public static DirectionSettingsView Direction(string crossingId, CrossingDirection d) =>
        new(crossingId, d.Direction.Id(), d.LanesOpen, d.LanesMax, d.TrucksPerLanePerHour, d.CapacityPerHour, d.PerishableShare, d.AgeingBoundHours);
}
