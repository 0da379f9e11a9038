using Khyber.Domain.Notices;

namespace Khyber.Domain.Records;

/// <summary>How long a side's gate was in each state over a span, counted within its operating hours only.</summary>
public sealed record GateHoursMeasured(double SpanHours, double OperatingHours, double OpenHours, double RestrictedHours, double ClosedHours);

/// <summary>Reads a side's gate over a span of time from its notices and its hours.</summary>
/// <remarks>
/// The gate's state changes only when one of the side's notices takes effect, and its hours only at its opening and
/// closing times; between two such instants nothing changes, so the span is cut there and each piece is counted whole.
/// The state is read by <see cref="GateTimeline"/>, the same rule that shows it live. Hours are rounded to 1/10 000.
/// </remarks>
public static class GateRecord
{
    /// <summary>The hours of <paramref name="side"/>'s gate over <paramref name="span"/>: for one direction, or (null) the gate as a whole at its most restrictive.</summary>
    public static GateHoursMeasured Measure(SideClock side, IReadOnlyCollection<Notice> notices, Direction? direction, BorderSpan span)
    {
        var changes = notices
            .Where(n => n.Side == side.Side && (direction is not { } d || n.Covers(d)) && span.Contains(n.EffectiveFrom))
            .Select(n => n.EffectiveFrom)
            .ToList();
        var open = TimeSpan.Zero;
        var restricted = TimeSpan.Zero;
        var closed = TimeSpan.Zero;
        var operating = TimeSpan.Zero;
        foreach (var window in side.OperatingWithin(span))
        {
            operating += window.Length;
            var cuts = changes.Where(window.Contains).Append(window.From).Append(window.To).Distinct().Order().ToList();
            for (var i = 0; i + 1 < cuts.Count; i++)
            {
                var piece = cuts[i + 1] - cuts[i];
                var state = direction is { } one
                    ? GateTimeline.Gate(notices, side.Side, one, cuts[i]).State
                    : GateTimeline.SideState(notices, side.Side, cuts[i]);
                switch (state)
                {
                    case GateState.Open:
                        open += piece;
                        break;
                    case GateState.Restricted:
                        restricted += piece;
                        break;
                    default:
                        closed += piece;
                        break;
                }
            }
        }
        return new GateHoursMeasured(Hours(span.Length), Hours(operating), Hours(open), Hours(restricted), Hours(closed));
    }

    /// <summary>The spans within <paramref name="span"/> when both gates are within their hours: when trucks can cross at all.</summary>
    public static IReadOnlyList<BorderSpan> BothOperating(IReadOnlyList<SideClock> sides, BorderSpan span)
    {
        IReadOnlyList<BorderSpan> common = [span];
        foreach (var side in sides)
        {
            var own = side.OperatingWithin(span);
            common = [.. common.SelectMany(c => own.Select(o => c.Clip(o))).OfType<BorderSpan>()];
        }
        return common;
    }

    public static double Hours(TimeSpan length) => Math.Round(length.TotalHours, 4);
}
