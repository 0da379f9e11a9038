using Khyber.Simulation.Engine;

namespace Khyber.Simulation;

/// <summary>A service time as analysts write it: <c>{ "distribution": "erlang", "meanMinutes": 6, "k": 3 }</c>.</summary>
public sealed record ServiceSpec
{
    /// <summary><c>exponential</c>, <c>deterministic</c>, <c>uniform</c>, <c>erlang</c>, <c>lognormal</c> or <c>empirical</c>.</summary>
    public string Distribution { get; init; } = "exponential";

    public double? MeanMinutes { get; init; }

    public double? MinMinutes { get; init; }

    public double? MaxMinutes { get; init; }

    public double? SdMinutes { get; init; }

    public int? K { get; init; }

    /// <summary>Observed service times for <c>empirical</c>; each is drawn with equal probability.</summary>
    public IReadOnlyList<double>? ValuesMinutes { get; init; }

    public static ServiceSpec Exponential(double meanMinutes) => new() { Distribution = "exponential", MeanMinutes = meanMinutes };

    public static ServiceSpec Deterministic(double minutes) => new() { Distribution = "deterministic", MeanMinutes = minutes };

    /// <summary>The distribution in hours, the simulation's unit; null (with errors recorded) if the spec is incomplete.</summary>
    internal Distribution? ToHours(InputErrors errors, string path) =>
        DurationInput.ToHours(Distribution, MeanMinutes, MinMinutes, MaxMinutes, SdMinutes, K, ValuesMinutes, 1.0 / 60, "Minutes", errors, path);
}

/// <summary>How long a truck waits before it gives up, in hours: <c>{ "distribution": "lognormal", "meanHours": 120, "sdHours": 48 }</c>.</summary>
/// <remarks>The same distributions as <see cref="ServiceSpec"/>, stated in hours because patience at a closed border is counted in days.</remarks>
public sealed record PatienceSpec
{
    /// <summary><c>exponential</c>, <c>deterministic</c>, <c>uniform</c>, <c>erlang</c>, <c>lognormal</c> or <c>empirical</c>.</summary>
    public string Distribution { get; init; } = "exponential";

    public double? MeanHours { get; init; }

    public double? MinHours { get; init; }

    public double? MaxHours { get; init; }

    public double? SdHours { get; init; }

    public int? K { get; init; }

    public IReadOnlyList<double>? ValuesHours { get; init; }

    public static PatienceSpec Exponential(double meanHours) => new() { MeanHours = meanHours };

    public static PatienceSpec Deterministic(double hours) => new() { Distribution = "deterministic", MeanHours = hours };

    internal Distribution? ToHours(InputErrors errors, string path) =>
        DurationInput.ToHours(Distribution, MeanHours, MinHours, MaxHours, SdHours, K, ValuesHours, 1, "Hours", errors, path);
}

/// <summary>Checks a duration as written (in minutes or hours) and turns it into a distribution in hours.</summary>
internal static class DurationInput
{
    public static Distribution? ToHours(
        string distribution,
        double? mean,
        double? min,
        double? max,
        double? sd,
        int? k,
        IReadOnlyList<double>? values,
        double hoursPerUnit,
        string unit,
        InputErrors errors,
        string path)
    {
        bool Check(bool ok, string field, string message)
        {
            errors.Require(ok, $"{path}.{field}", message);
            return ok;
        }

        static bool Finite(double? x) => x is { } v && double.IsFinite(v);

        var meanField = $"mean{unit}";
        switch ((distribution ?? "").ToLowerInvariant())
        {
            case "exponential":
                return Check(mean > 0 && Finite(mean), meanField, "must be positive") ? Engine.Distribution.Exponential(mean!.Value * hoursPerUnit) : null;
            case "deterministic":
                return Check(mean >= 0 && Finite(mean), meanField, "must be zero or more") ? Engine.Distribution.Deterministic(mean!.Value * hoursPerUnit) : null;
            case "uniform":
                return Check(min >= 0 && Finite(min), $"min{unit}", "must be zero or more")
                    & Check(max >= min && max > 0 && Finite(max), $"max{unit}", $"must be positive and at least min{unit}")
                    ? Engine.Distribution.Uniform(min!.Value * hoursPerUnit, max!.Value * hoursPerUnit)
                    : null;
            case "erlang":
                return Check(mean > 0 && Finite(mean), meanField, "must be positive") & Check(k >= 1, "k", "must be a whole number of at least 1")
                    ? Engine.Distribution.Erlang(k!.Value, mean!.Value * hoursPerUnit)
                    : null;
            case "lognormal":
                return Check(mean > 0 && Finite(mean), meanField, "must be positive") & Check(sd > 0 && Finite(sd), $"sd{unit}", "must be positive")
                    ? Engine.Distribution.LogNormal(mean!.Value * hoursPerUnit, sd!.Value * hoursPerUnit)
                    : null;
            case "empirical":
                return Check(values is { Count: > 0 } && values.All(v => v >= 0 && double.IsFinite(v)), $"values{unit}", "needs at least one value, none negative")
                    ? Engine.Distribution.Empirical(values!.Select(v => v * hoursPerUnit))
                    : null;
            default:
                errors.Add($"{path}.distribution", "must be one of exponential, deterministic, uniform, erlang, lognormal, empirical");
                return null;
        }
    }
}

/// <summary>An arrival stream: <c>{ "distribution": "exponential", "ratePerHour": 10 }</c>.</summary>
public sealed record ArrivalSpec
{
    /// <summary><c>exponential</c> (a Poisson process) or <c>deterministic</c> (evenly spaced, the first at time 0).</summary>
    public string Distribution { get; init; } = "exponential";

    public double RatePerHour { get; init; }

    public static ArrivalSpec Poisson(double ratePerHour) => new() { RatePerHour = ratePerHour };

    public static ArrivalSpec Regular(double ratePerHour) => new() { Distribution = "deterministic", RatePerHour = ratePerHour };
}

/// <summary>A window during which the gate is shut: from <see cref="StartHour"/> (hours from the start) for <see cref="Hours"/>.</summary>
public sealed record ClosureWindow(double StartHour, double Hours);
