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
    internal Distribution? ToHours(InputErrors errors, string path)
    {
        var mean = MeanMinutes;
        bool Check(bool ok, string field, string message)
        {
            errors.Require(ok, $"{path}.{field}", message);
            return ok;
        }

        switch (Distribution.ToLowerInvariant())
        {
            case "exponential":
                return Check(mean > 0, "meanMinutes", "must be positive") ? Engine.Distribution.Exponential(mean!.Value / 60) : null;
            case "deterministic":
                return Check(mean >= 0, "meanMinutes", "must be zero or more") ? Engine.Distribution.Deterministic(mean!.Value / 60) : null;
            case "uniform":
                return Check(MinMinutes >= 0, "minMinutes", "must be zero or more")
                    & Check(MaxMinutes >= MinMinutes && MaxMinutes > 0, "maxMinutes", "must be positive and at least minMinutes")
                    ? Engine.Distribution.Uniform(MinMinutes!.Value / 60, MaxMinutes!.Value / 60)
                    : null;
            case "erlang":
                return Check(mean > 0, "meanMinutes", "must be positive") & Check(K >= 1, "k", "must be a whole number of at least 1")
                    ? Engine.Distribution.Erlang(K!.Value, mean!.Value / 60)
                    : null;
            case "lognormal":
                return Check(mean > 0, "meanMinutes", "must be positive") & Check(SdMinutes > 0, "sdMinutes", "must be positive")
                    ? Engine.Distribution.LogNormal(mean!.Value / 60, SdMinutes!.Value / 60)
                    : null;
            case "empirical":
                return Check(ValuesMinutes is { Count: > 0 } && ValuesMinutes.All(v => v >= 0), "valuesMinutes", "needs at least one value, none negative")
                    ? Engine.Distribution.Empirical(ValuesMinutes!.Select(v => v / 60))
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
