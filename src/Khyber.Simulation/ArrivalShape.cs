namespace Khyber.Simulation;

/// <summary>
/// How traffic answers a closure: <c>{ "during": [ { "fromHour": 12, "factor": 0.4 } ],
/// "afterReopening": [ { "fromHour": 0, "factor": 1.5 }, { "fromHour": 48, "factor": 1 } ] }</c>.
/// </summary>
/// <remarks>
/// Arrival rates are multiplied by the factor of the last step reached: <see cref="During"/> counts
/// hours from the start of each closure (until it ends), <see cref="AfterReopening"/> hours from its
/// end (until the next closure begins). Before a phase's first step the factor is 1, and the last
/// step of <see cref="AfterReopening"/> holds for good — end it with factor 1 for traffic that
/// returns to normal. Typical use: traders hear of the closure after some hours and send fewer trucks,
/// then send the held-back ones in a surge after the reopening.
/// </remarks>
public sealed record ClosureResponse
{
    public IReadOnlyList<RateChange> During { get; init; } = [];

    public IReadOnlyList<RateChange> AfterReopening { get; init; } = [];

    internal (IReadOnlyList<(double FromHour, double Factor)> During, IReadOnlyList<(double FromHour, double Factor)> After) Check(InputErrors errors, string path) =>
        (Steps(During, errors, $"{path}.during"), Steps(AfterReopening, errors, $"{path}.afterReopening"));

    private static (double, double)[] Steps(IReadOnlyList<RateChange>? steps, InputErrors errors, string path)
    {
        steps ??= [];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            errors.Require(step.FromHour >= 0 && double.IsFinite(step.FromHour), $"{path}[{i}].fromHour", "must be zero or more");
            errors.Require(i == 0 || step.FromHour > steps[i - 1].FromHour, $"{path}[{i}].fromHour", "must be later than the step before");
            errors.Require(step.Factor >= 0 && step.Factor <= 100, $"{path}[{i}].factor", "must be between 0 and 100");
        }

        return [.. steps.Select(s => (s.FromHour, s.Factor))];
    }
}

/// <summary>From <see cref="FromHour"/> hours into a phase, arrivals run at <see cref="Factor"/> times their usual rate.</summary>
public sealed record RateChange(double FromHour, double Factor);

/// <summary>Factors on the arrival rate for each local day of the week, all seven required: <c>{ "monday": 1, …, "friday": 0.4, … }</c>.</summary>
/// <remarks>They multiply the category's rate (or its rate for the hour of the day). Friday is the weekly holiday on both sides of the Durand Line, so trade traffic there is thinner.</remarks>
public sealed record WeekProfile
{
    public double? Monday { get; init; }

    public double? Tuesday { get; init; }

    public double? Wednesday { get; init; }

    public double? Thursday { get; init; }

    public double? Friday { get; init; }

    public double? Saturday { get; init; }

    public double? Sunday { get; init; }

    public static WeekProfile Flat(double factor = 1) => new()
    {
        Monday = factor,
        Tuesday = factor,
        Wednesday = factor,
        Thursday = factor,
        Friday = factor,
        Saturday = factor,
        Sunday = factor,
    };

    /// <summary>The seven factors, Monday first; null (with errors recorded) if a day is missing or negative.</summary>
    internal double[]? Check(InputErrors errors, string path)
    {
        double?[] days = [Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday];
        var ok = true;
        for (var i = 0; i < 7; i++)
        {
            var name = Crossings.LocalClock.DayNames[i];
            if (days[i] is not { } factor)
            {
                errors.Add($"{path}.{name}", "is missing: the profile must cover every day of the week");
                ok = false;
            }
            else if (!(factor >= 0 && factor <= 100))
            {
                errors.Add($"{path}.{name}", "must be between 0 and 100");
                ok = false;
            }
        }

        return ok ? [.. days.Select(d => d!.Value)] : null;
    }
}
