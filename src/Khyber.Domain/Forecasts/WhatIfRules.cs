using Khyber.Domain.Trucks;

namespace Khyber.Domain.Forecasts;

/// <summary>One what-if plan as sent: a name and the changes it makes to the forecast as planned (null: unchanged).</summary>
public sealed record WhatIfDraft(
    string? Name,
    int? Lanes,
    bool? Hours24,
    double? CapacityPerLanePerHour,
    string? Policy,
    double? GreenLaneShare,
    double? ClosureHours,
    IReadOnlyList<string?>? LetThrough = null);

/// <summary>A checked what-if plan: what differs from the plan as asked; <see cref="Hours24"/> false leaves the gate hours as they are.</summary>
public sealed record WhatIf(
    string Name,
    int? Lanes,
    bool Hours24,
    double? CapacityPerLanePerHour,
    string? Policy,
    double? GreenLaneShare,
    double? ClosureHours)
{
    /// <summary>Categories whose trucks keep crossing while the closure stands (on the plan's lanes); empty: none.</summary>
    public IReadOnlyList<CargoCategory> LetThrough { get; init; } = [];
}

/// <summary>The rules of what-if plans compared with a forecast: few enough to read side by side, each named and each a change.</summary>
public static class WhatIfRules
{
    /// <summary>Four plans beside the one as planned still fit one table and one chart, and bound the simulation's work.</summary>
    public const int MaxAlternatives = 4;

    public const int MaxNameLength = 60;

    /// <summary>The name of the forecast as asked, first in the comparison; no plan may take it.</summary>
    public const string AsPlanned = "as planned";

    /// <summary>A lane clears at most this many trucks an hour (the crossing configuration's own limit).</summary>
    public const double MaxCapacityPerLanePerHour = 120;

    /// <summary>
    /// Checks each plan on its own field path (<c>alternatives[1].lanes</c>); null when any is wrong.
    /// Checks that need the crossing (lanes up to its lanesMax, a change that equals the plan as asked) are the forecast's.
    /// </summary>
    public static IReadOnlyList<WhatIf>? Validate(IReadOnlyList<WhatIfDraft?>? drafts, double maxClosureHours, FieldErrors errors)
    {
        if (drafts is null)
        {
            return [];
        }
        var before = errors.All.Count;
        errors.Require(drafts.Count <= MaxAlternatives, "alternatives", $"At most {MaxAlternatives} alternatives to compare with the forecast as planned.");
        var plans = new List<WhatIf>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { AsPlanned };
        for (var i = 0; i < drafts.Count; i++)
        {
            var at = $"alternatives[{i}]";
            if (drafts[i] is not { } d)
            {
                errors.Add(at, "Required: a name and at least one change.");
                continue;
            }
            var name = d.Name?.Trim();
            if (errors.Require(name is { Length: >= 1 and <= MaxNameLength }, $"{at}.name", $"Required: 1 to {MaxNameLength} characters naming the plan."))
            {
                errors.Require(names.Add(name!), $"{at}.name", $"Another plan is already called '{name}' (or it is the forecast's own, '{AsPlanned}'): give each its own name.");
            }
            errors.Require(d.Lanes is null or >= 1, $"{at}.lanes", "At least 1 lane (at most the direction's lanesMax).");
            errors.Require(d.CapacityPerLanePerHour is null or > 0 and <= MaxCapacityPerLanePerHour, $"{at}.capacityPerLanePerHour",
                $"Trucks one lane clears an hour: more than 0 and at most {MaxCapacityPerLanePerHour}.");
            errors.Require(d.Policy is null or "fifo" or "green-lane", $"{at}.policy", "fifo or green-lane.");
            errors.Require(d.GreenLaneShare is null or > 0 and <= 1, $"{at}.greenLaneShare",
                "The perishables' share of the calls under the green lane: more than 0 and at most 1 (0.4 is two calls in five).");
            errors.Require(d.ClosureHours is not { } hours || (hours >= 0 && hours <= maxClosureHours), $"{at}.closureHours",
                $"Hours until the direction reopens, from the closure's start: 0 to {maxClosureHours}.");
            var letThrough = LetThrough(d.LetThrough, $"{at}.letThrough", errors);
            var changes = d.Lanes is not null || d.Hours24 == true || d.CapacityPerLanePerHour is not null || d.Policy is not null
                || d.GreenLaneShare is not null || d.ClosureHours is not null || letThrough.Count > 0;
            errors.Require(changes, at,
                "This plan changes nothing: give at least one of lanes, hours24, capacityPerLanePerHour, policy, greenLaneShare, closureHours or letThrough.");
            if (name is not null)
            {
                plans.Add(new WhatIf(name, d.Lanes, d.Hours24 == true, d.CapacityPerLanePerHour, d.Policy, d.GreenLaneShare, d.ClosureHours) { LetThrough = letThrough });
            }
        }
        return errors.All.Count > before ? null : plans;
    }

    /// <summary>The categories let through a closure, each named once by its word (<c>perishable</c>); each wrong one names its own index.</summary>
    private static List<CargoCategory> LetThrough(IReadOnlyList<string?>? words, string at, FieldErrors errors)
    {
        var categories = new List<CargoCategory>();
        if (words is null)
        {
            return categories;
        }
        for (var j = 0; j < words.Count; j++)
        {
            if (!Kebab.TryParse<CargoCategory>(words[j], out var category))
            {
                errors.Add($"{at}[{j}]", $"Not a cargo category: one of {Kebab.Words<CargoCategory>()}.");
            }
            else if (categories.Contains(category))
            {
                errors.Add($"{at}[{j}]", $"'{words[j]}' is already let through: name each category once.");
            }
            else
            {
                categories.Add(category);
            }
        }
        return categories;
    }
}
