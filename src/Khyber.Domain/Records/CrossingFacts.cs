using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Records;

/// <summary>One side of a crossing as its records are counted: its clock and its gate's hours.</summary>
public sealed record SideClock(Side Side, string TimeZone, GateHours? Hours)
{
    public TimeZoneInfo Zone => WallClock.Zone(TimeZone);

    /// <summary>The side's calendar day <paramref name="day"/>: from midnight to midnight on its clock — 23 or 25 hours when the clock changes.</summary>
    public BorderSpan Day(DateOnly day) =>
        new(WallClock.Instant(day, TimeOnly.MinValue, Zone), WallClock.Instant(day.AddDays(1), TimeOnly.MinValue, Zone));

    /// <summary>The side's calendar days <paramref name="first"/> to <paramref name="last"/>, from the first midnight to the midnight after the last.</summary>
    public BorderSpan Days(DateOnly first, DateOnly last) => new(Day(first).From, Day(last).To);

    /// <summary>The spans within <paramref name="span"/> when the gate is within its hours, in order (all of it when it works round the clock).</summary>
    public IReadOnlyList<BorderSpan> OperatingWithin(BorderSpan span)
    {
        if (Hours is not { } hours)
        {
            return [span];
        }
        var zone = Zone;
        var spans = new List<BorderSpan>();
        // An overnight window that opened the evening before still runs into the first day.
        for (var day = WallClock.Today(span.From, zone).AddDays(-1); day <= WallClock.Today(span.To, zone); day = day.AddDays(1))
        {
            var (opens, closes) = hours.On(day, zone);
            if (span.Clip(new BorderSpan(opens, closes)) is { } inside)
            {
                spans.Add(inside);
            }
        }
        return spans;
    }
}

/// <summary>A span of time, from (inclusive) to (exclusive).</summary>
public readonly record struct BorderSpan(DateTimeOffset From, DateTimeOffset To)
{
    public TimeSpan Length => To > From ? To - From : TimeSpan.Zero;

    public bool Contains(DateTimeOffset at) => From <= at && at < To;

    /// <summary>The part of <paramref name="other"/> inside this span, or null when they do not meet.</summary>
    public BorderSpan? Clip(BorderSpan other)
    {
        var from = other.From > From ? other.From : From;
        var to = other.To < To ? other.To : To;
        return from < to ? new BorderSpan(from, to) : null;
    }
}

/// <summary>A notice as the records hold it: what it set, for which directions, when it was issued and took effect, and its acknowledgement.</summary>
public sealed record NoticeFact(
    Guid Id,
    Side Side,
    GateState State,
    IReadOnlyList<Direction> Directions,
    IReadOnlyList<CargoCategory> AllowedCategories,
    DateTimeOffset EffectiveFrom,
    DateTimeOffset IssuedAt,
    bool Emergency,
    DateTimeOffset? AcknowledgedAt);

/// <summary>A truck as the records hold it: its direction and cargo, and when it joined the queue and when it left it (exit, entry, spoiled, or rejected or cancelled).</summary>
public sealed record TruckFact(
    Guid Id,
    Direction Direction,
    CargoCategory Category,
    decimal ValueUsd,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? ExitedAt,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? SpoiledAt,
    DateTimeOffset? RemovedAt);

/// <summary>An answer to an incident, as recorded.</summary>
public sealed record ResponseFact(Side Side, ResponseStance Stance, DateTimeOffset RespondedAt);

/// <summary>An incident as the records hold it: who logged it, when, and the answers.</summary>
public sealed record IncidentFact(Guid Id, Side Side, IncidentCategory Category, DateTimeOffset LoggedAt, IReadOnlyList<ResponseFact> Responses);

/// <summary>
/// What a crossing's own records say — its sides' clocks and hours, notices, trucks and incidents — as plain values, so that
/// the server (reading its tables) and the command line (replaying an exported audit chain) measure exactly the same facts.
/// </summary>
public sealed record CrossingFacts(
    string CrossingId,
    IReadOnlyList<SideClock> Sides,
    IReadOnlyList<NoticeFact> Notices,
    IReadOnlyList<TruckFact> Trucks,
    IReadOnlyList<IncidentFact> Incidents)
{
    public SideClock Clock(Side side) => Sides.Single(s => s.Side == side);

    /// <summary>
    /// The records as they stood at <paramref name="cutoff"/>: what was recorded later (a notice issued, an acknowledgement, an
    /// exit, an answer) is left out, so a day measured again later — from the tables or from the chain — comes out the same.
    /// </summary>
    /// <remarks>Every time kept here is the time the record was made (incidents by when they were logged, not when they happened).</remarks>
    public CrossingFacts AsKnownAt(DateTimeOffset cutoff)
    {
        static DateTimeOffset? By(DateTimeOffset? at, DateTimeOffset cutoff) => at <= cutoff ? at : null;
        return this with
        {
            Notices = [.. Notices.Where(n => n.IssuedAt <= cutoff).Select(n => n with { AcknowledgedAt = By(n.AcknowledgedAt, cutoff) })],
            Trucks =
            [
                .. Trucks
                    .Select(t => t with
                    {
                        ArrivedAt = By(t.ArrivedAt, cutoff),
                        ExitedAt = By(t.ExitedAt, cutoff),
                        EnteredAt = By(t.EnteredAt, cutoff),
                        SpoiledAt = By(t.SpoiledAt, cutoff),
                        RemovedAt = By(t.RemovedAt, cutoff),
                    })
                    .Where(t => t.ArrivedAt is not null || t.ExitedAt is not null || t.EnteredAt is not null || t.SpoiledAt is not null || t.RemovedAt is not null),
            ],
            Incidents = [.. Incidents.Where(i => i.LoggedAt <= cutoff).Select(i => i with { Responses = [.. i.Responses.Where(r => r.RespondedAt <= cutoff)] })],
        };
    }

    /// <summary>The notices as <see cref="Notice"/>s, so that gate states are read by the one rule that reads them (<see cref="GateTimeline"/>).</summary>
    public IReadOnlyCollection<Notice> GateNotices() =>
        [.. Notices.Select(n => new Notice
        {
            Id = n.Id,
            CrossingId = CrossingId,
            Side = n.Side,
            GateState = n.State,
            Directions = [.. n.Directions],
            AllowedCategories = [.. n.AllowedCategories],
            ReasonCategory = ReasonCategory.Other,
            EffectiveFrom = n.EffectiveFrom,
            IssuedAt = n.IssuedAt,
            IssuedBy = "",
        })];
}
