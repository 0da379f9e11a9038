using System.Globalization;
using Khyber.Api.Commitments;
using Khyber.Domain.Commitments;
using Khyber.Domain.Crossings;
using Microsoft.Extensions.Localization;

namespace Khyber.Api.Pages.Reports;

/// <summary>How the daily report and the measured commitments are written out: times on each side's own clock, figures, what a metric asks.</summary>
public static class ReportDisplay
{
    /// <summary>
    /// A time on a side's clock at the crossing, with the side's code: "2027-03-28 14:00 PK" — in the Gregorian calendar in
    /// every language (Pashto and Dari would otherwise write the solar year), so both sides' copies name the same day.
    /// </summary>
    public static string Local(DateTimeOffset at, string side, string zone) =>
        $"{TimeZoneInfo.ConvertTime(at, WallClock.Zone(zone)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {side}";

    /// <summary>A figure with up to two decimals, in the page's language: "23", "17.5".</summary>
    public static string Figure(double value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);

    public static string Figure(double? value) => value is { } v ? Figure(v) : "–";

    /// <summary>A share as a percentage: "75%".</summary>
    public static string Share(double value) => value.ToString("0.#%", CultureInfo.CurrentCulture);

    /// <summary>A measured value as its kind reads: a count, hours, or a share.</summary>
    public static string Value(MetricKind kind, double? value, IStringLocalizer t) => value is not { } v ? t["Nothing to measure"] : kind switch
    {
        MetricKind.TrucksThrough => t["{0} trucks", Figure(v)],
        MetricKind.PerishablesSpoiled => t["{0} trucks in seven days", Figure(v)],
        MetricKind.HoursOpen => t["{0} h", Figure(v)],
        _ => Share(v),
    };

    /// <summary>What a metric asks, in words: "At least 250 trucks a day, Pakistan to Afghanistan, at Torkham".</summary>
    public static string Asks(MetricView m, IStringLocalizer t)
    {
        var target = m.Kind switch
        {
            MetricKind.TrucksThrough => t["{0} trucks a day", Figure(m.Target)].Value,
            MetricKind.PerishablesSpoiled => t["{0} spoiled perishable trucks in seven days", Figure(m.Target)].Value,
            MetricKind.HoursOpen => t["{0} hours open a day", Figure(m.Target)].Value,
            MetricKind.NoticeWarning => t["{0} of notices with {1} h warning", Share(m.Target), Figure(m.WarningHours ?? 0)].Value,
            MetricKind.NoticesAcknowledged => t["{0} of notices acknowledged within {1} min", Share(m.Target), Figure(m.WithinMinutes ?? 0)].Value,
            _ => t["{0} of incidents answered within {1} h", Share(m.Target), Figure(m.WithinHours ?? 0)].Value,
        };
        var comparison = m.Comparison == Comparison.AtLeast ? t["At least {0}", target] : t["At most {0}", target];
        return m.Direction is { } d ? $"{comparison} ({Shared.Display.DirectionName(d, t)})" : comparison;
    }

    /// <summary>The evidence's counts, each named in the page's language: "Exits 12 · Entries 11 · Difference 1".</summary>
    public static string Counts(IReadOnlyDictionary<string, double> counts, IStringLocalizer t) =>
        string.Join(" · ", counts.OrderBy(c => Order.IndexOf(c.Key) is var i and >= 0 ? i : int.MaxValue).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{CountName(c.Key, t)} {Figure(c.Value)}"));

    private static readonly List<string> Order =
    [
        "exits", "entries", "difference", "dayHours", "operatingHours", "openHours", "restrictedHours", "closedHours", "agreedHours",
        "issued", "emergency", "planned", "withWarning", "shortestWarningHours", "due", "inTime", "late", "unacknowledged", "unanswered",
        "slowestMinutes", "spoiled", "valueUsd", "days",
    ];

    private static string CountName(string key, IStringLocalizer t) => key switch
    {
        "exits" => t["Exits"],
        "entries" => t["Entries"],
        "difference" => t["Difference"],
        "dayHours" => t["Hours in the day"],
        "operatingHours" => t["Operating hours"],
        "openHours" => t["Hours open"],
        "restrictedHours" => t["Hours restricted"],
        "closedHours" => t["Hours closed"],
        "agreedHours" => t["Hours agreed"],
        "issued" => t["Issued"],
        "emergency" => t["Emergency"],
        "planned" => t["Planned"],
        "withWarning" => t["With the warning agreed"],
        "shortestWarningHours" => t["Shortest warning (h)"],
        "due" => t["Due"],
        "inTime" => t["In time"],
        "late" => t["Late"],
        "unacknowledged" => t["Not acknowledged"],
        "unanswered" => t["Not answered"],
        "slowestMinutes" => t["Slowest (min)"],
        "spoiled" => t["Spoiled"],
        "valueUsd" => t["Value (USD)"],
        "days" => t["Days"],
        _ => key,
    };
}
