using System.Globalization;
using System.Text.RegularExpressions;

namespace Khyber.Domain.Crossings;

/// <summary>One side of a crossing as submitted: its authority, its clock and its gate's hours.</summary>
public sealed record SideDraft(string? Country, string? Authority, string? TimeZone, bool? RoundTheClock, string? OpensAt, string? ClosesAt, bool? Overnight);

/// <summary>One direction's lanes, capacity and queue policy as submitted.</summary>
public sealed record DirectionDraft(string? Direction, int? LanesOpen, int? LanesMax, double? TrucksPerLanePerHour, double? PerishableShare, double? AgeingBoundHours);

/// <summary>A crossing's settings as submitted.</summary>
public sealed record CrossingDraft(string? Name, int? MinimumNoticeHours, int? NoShowMinutes, IReadOnlyList<SideDraft?>? Sides, IReadOnlyList<DirectionDraft?>? Directions);

public sealed record SideTerms(Side Side, string Authority, string TimeZone, GateHours? Hours);

public sealed record DirectionTerms(Direction Direction, int LanesOpen, int LanesMax, double TrucksPerLanePerHour, double PerishableShare, double AgeingBoundHours);

/// <summary>A crossing's settings, checked: both sides, both directions.</summary>
public sealed record CrossingTerms(string Name, int MinimumNoticeHours, int NoShowMinutes, IReadOnlyList<SideTerms> Sides, IReadOnlyList<DirectionTerms> Directions);

/// <summary>What an administrator's crossing must satisfy, field by field.</summary>
/// <remarks>
/// Operating hours are each side's own wall-clock times (<c>07:00</c>–<c>19:00</c> in <c>Asia/Karachi</c>), or round the
/// clock. A window that runs past midnight (22:00–06:00) is allowed, but only when it says so (<c>overnight: true</c>):
/// a closing time before the opening time is far more often a slip than a night shift, so without the flag it is refused.
/// Closing at 00:00 means at midnight, and needs no flag.
/// </remarks>
public static partial class CrossingRules
{
    public const int MaxNameLength = 200;
    public const int MaxAuthorityLength = 200;
    public const int MaxLanes = 20;
    public const int MaxMinimumNoticeHours = 720;
    public const int MaxNoShowMinutes = 1440;

    /// <summary>A slug: 2–64 lower-case letters, digits and hyphens, beginning and ending with a letter or digit.</summary>
    public static bool CheckId(string? id, FieldErrors errors) =>
        errors.Require(!string.IsNullOrEmpty(id), "id", "Required: a short name for addresses, such as torkham or ghulam-khan.")
        && errors.Require(Slug().IsMatch(id!), "id", "2 to 64 lower-case letters (a–z), digits and hyphens, beginning and ending with a letter or digit; no spaces.");

    /// <summary>
    /// Checks every field of a crossing; null when any is wrong (each named in <paramref name="errors"/>). The sides'
    /// hours must meet within the week after <paramref name="now"/>, or no truck could ever pass.
    /// </summary>
    public static CrossingTerms? Validate(CrossingDraft d, DateTimeOffset now, FieldErrors errors)
    {
        var before = errors.All.Count;
        _ = errors.Require(!string.IsNullOrWhiteSpace(d.Name), "name", "Required: the crossing's name, such as Torkham.")
            && errors.Require(d.Name!.Trim().Length <= MaxNameLength, "name", $"At most {MaxNameLength} characters.");
        Within(d.MinimumNoticeHours, d.MinimumNoticeHours is >= 0 and <= MaxMinimumNoticeHours, "minimumNoticeHours",
            "the hours a planned closure must be announced ahead", $"0 to {MaxMinimumNoticeHours}", errors);
        Within(d.NoShowMinutes, d.NoShowMinutes is >= 1 and <= MaxNoShowMinutes, "noShowMinutes",
            "the minutes a called truck has to reach the gate before it goes back to the queue", $"1 to {MaxNoShowMinutes}", errors);

        var sides = new List<SideTerms>();
        if (d.Sides is not { Count: > 0 } sideDrafts)
        {
            errors.Add("sides", "Required: both sides, PK and AF, each { country, authority, timeZone, and opensAt and closesAt or roundTheClock }.");
        }
        else
        {
            var sidesBefore = errors.All.Count;
            var seen = new HashSet<Side>();
            for (var i = 0; i < sideDrafts.Count; i++)
            {
                if (CheckSide(sideDrafts[i], $"sides[{i}]", errors) is { } side)
                {
                    if (errors.Require(seen.Add(side.Side), $"sides[{i}].country", $"{side.Side} is already given."))
                    {
                        sides.Add(side);
                    }
                }
            }
            errors.Require((sideDrafts.Count == 2 && seen.Count == 2) || errors.All.Count > sidesBefore, "sides", "Both sides, PK and AF, each once.");
        }

        var directions = new List<DirectionTerms>();
        if (d.Directions is not { Count: > 0 } directionDrafts)
        {
            errors.Add("directions", "Required: both directions, PK-AF and AF-PK, each { direction, lanesOpen, lanesMax, trucksPerLanePerHour, perishableShare, ageingBoundHours }.");
        }
        else
        {
            var directionsBefore = errors.All.Count;
            var seen = new HashSet<Direction>();
            for (var i = 0; i < directionDrafts.Count; i++)
            {
                var field = $"directions[{i}]";
                if (directionDrafts[i] is not { } draft)
                {
                    errors.Add(field, "A direction is an object: { direction, lanesOpen, lanesMax, trucksPerLanePerHour, perishableShare, ageingBoundHours }.");
                    continue;
                }
                Direction? parsed = Directions.TryParse(draft.Direction, out var dir) ? dir : null;
                errors.Require(parsed is not null, $"{field}.direction", "PK-AF or AF-PK.");
                var checkedTerms = CheckDirection(draft, $"{field}.", errors);
                if (parsed is { } direction && errors.Require(seen.Add(direction), $"{field}.direction", $"{direction.Id()} is already given.") && checkedTerms is { } t)
                {
                    directions.Add(t with { Direction = direction });
                }
            }
            errors.Require((directionDrafts.Count == 2 && seen.Count == 2) || errors.All.Count > directionsBefore, "directions", "Both directions, PK-AF and AF-PK, each once.");
        }

        if (errors.All.Count > before)
        {
            return null;
        }
        var terms = new CrossingTerms(d.Name!.Trim(), d.MinimumNoticeHours!.Value, d.NoShowMinutes!.Value,
            [.. sides.OrderBy(s => s.Side)], [.. directions.OrderBy(x => x.Direction)]);
        var trial = new Crossing { Id = "trial", Name = terms.Name };
        trial.Apply(terms);
        return errors.Require(trial.NextOperating(now) is not null, "sides",
            "The two sides' hours never meet: a truck needs both gates open, one to leave and one to enter. Widen the hours so that they overlap.")
            ? terms
            : null;
    }

    /// <summary>Checks one direction's settings; <paramref name="prefix"/> is its place in the request (<c>directions[0].</c>, or nothing).</summary>
    public static DirectionTerms? CheckDirection(DirectionDraft d, string prefix, FieldErrors errors)
    {
        var before = errors.All.Count;
        var maxOk = Within(d.LanesMax, d.LanesMax is >= 1 and <= MaxLanes, $"{prefix}lanesMax", "the lanes there are", $"1 to {MaxLanes}", errors);
        if (Within(d.LanesOpen, d.LanesOpen >= 0, $"{prefix}lanesOpen", "the lanes open now", "0 or more (0 stops the direction)", errors))
        {
            errors.Require(!maxOk || d.LanesOpen <= d.LanesMax, $"{prefix}lanesOpen", $"At most the direction's lanes ({d.LanesMax}): more cannot be open than there are.");
        }
        Within(d.TrucksPerLanePerHour, d.TrucksPerLanePerHour is > 0 and <= 120, $"{prefix}trucksPerLanePerHour", "trucks one lane clears an hour", "more than 0 and at most 120", errors);
        Within(d.PerishableShare, d.PerishableShare is >= 0 and <= 1, $"{prefix}perishableShare", "the green lane's share of calls", "0 to 1 (0.4 is two calls in five)", errors);
        Within(d.AgeingBoundHours, d.AgeingBoundHours is >= 1 and <= 720, $"{prefix}ageingBoundHours",
            "hours after which a waiting truck is called ahead of all but humanitarian cargo", "1 to 720", errors);
        return errors.All.Count > before
            ? null
            : new DirectionTerms(default, d.LanesOpen!.Value, d.LanesMax!.Value, d.TrucksPerLanePerHour!.Value, d.PerishableShare!.Value, d.AgeingBoundHours!.Value);
    }

    /// <summary>A number that must be sent and lie in its range: "Required: what, range." when missing, "range." when out of it.</summary>
    private static bool Within<T>(T? value, bool inRange, string field, string what, string range, FieldErrors errors)
        where T : struct =>
        value is null
            ? errors.Require(false, field, $"Required: {what}, {range}.")
            : errors.Require(inRange, field, $"Out of range: {what} must be {range}.");

    private static SideTerms? CheckSide(SideDraft? d, string field, FieldErrors errors)
    {
        if (d is null)
        {
            errors.Add(field, "A side is an object: { country, authority, timeZone, opensAt, closesAt, overnight } or { country, authority, timeZone, roundTheClock: true }.");
            return null;
        }
        var before = errors.All.Count;
        var side = Sides.Parse(d.Country, $"{field}.country", errors);
        if (errors.Require(!string.IsNullOrWhiteSpace(d.Authority), $"{field}.authority", "Required: the authority that runs this side's gate."))
        {
            errors.Require(d.Authority!.Trim().Length <= MaxAuthorityLength, $"{field}.authority", $"At most {MaxAuthorityLength} characters.");
        }
        var zone = TimeZoneInfo.Utc;
        if (errors.Require(!string.IsNullOrWhiteSpace(d.TimeZone), $"{field}.timeZone", "Required: the side's IANA time zone, such as Asia/Karachi or Asia/Kabul."))
        {
            errors.Require(WallClock.TryFind(d.TimeZone!.Trim(), out zone), $"{field}.timeZone",
                "Not a time zone of the time zone database: give its IANA name, such as Asia/Karachi, Asia/Kabul or Europe/Bucharest.");
        }

        GateHours? hours = null;
        if (d.RoundTheClock == true)
        {
            errors.Require(d.OpensAt is null && d.ClosesAt is null && d.Overnight is null, $"{field}.roundTheClock",
                "A gate open round the clock has no opening and closing times: leave out opensAt, closesAt and overnight.");
        }
        else
        {
            var opens = Time(d.OpensAt, $"{field}.opensAt", "opens", errors);
            var closes = Time(d.ClosesAt, $"{field}.closesAt", "closes", errors);
            if (opens is { } o && closes is { } c)
            {
                var overnight = d.Overnight == true;
                if (c == o)
                {
                    errors.Add($"{field}.closesAt", "Closes when it opens: for a gate open all day and night, send roundTheClock: true instead.");
                }
                else if (c < o && c != TimeOnly.MinValue && !overnight)
                {
                    errors.Add($"{field}.closesAt",
                        $"Closes ({GateHours.Text(c)}) before it opens ({GateHours.Text(o)}). For hours past midnight, such as 22:00–06:00, send overnight: true.");
                }
                else if (c > o && overnight)
                {
                    errors.Add($"{field}.overnight", $"{GateHours.Text(o)}–{GateHours.Text(c)} does not pass midnight: leave out overnight, or send false.");
                }
                else
                {
                    hours = new GateHours(o, c);
                }
            }
        }
        return errors.All.Count > before || side is null
            ? null
            : new SideTerms(side.Value, d.Authority!.Trim(), zone.Id, hours);
    }

    private static TimeOnly? Time(string? text, string field, string what, FieldErrors errors)
    {
        if (!errors.Require(!string.IsNullOrWhiteSpace(text), field, $"Required: the local time the gate {what}, such as 07:00 (or roundTheClock: true)."))
        {
            return null;
        }
        TimeOnly time = default;
        return errors.Require(ClockTime().IsMatch(text!) && TimeOnly.TryParseExact(text, "HH':'mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time),
            field, "A 24-hour time, hh:mm, such as 07:00 or 19:30.")
            ? time
            : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[0-2][0-9]:[0-5][0-9]$")]
    private static partial Regex ClockTime();
}
