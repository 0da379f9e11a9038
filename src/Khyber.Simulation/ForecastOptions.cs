namespace Khyber.Simulation;

/// <summary>How to run a forecast, as opposed to what is forecast.</summary>
public sealed record ForecastOptions
{
    public static ForecastOptions Default { get; } = new();

    /// <summary>Threads for the replications; null uses every core. The results do not depend on it.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    /// <summary>Spacing of the backlog samples over time, in hours.</summary>
    public double BacklogStepHours { get; init; } = 1;

    /// <summary>Waits (minutes) whose probability of being exceeded, P(W &gt; t), is estimated.</summary>
    public IReadOnlyList<double> WaitThresholdsMinutes { get; init; } = [];
}
