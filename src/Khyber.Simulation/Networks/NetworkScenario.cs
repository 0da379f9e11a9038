using Khyber.Simulation.Crossings;

namespace Khyber.Simulation.Networks;

/// <summary>Several crossings forecast together, with trucks that give up at one (or find its parking full) driving on to another: "if Torkham closes, where does the traffic go?"</summary>
/// <remarks>
/// Each crossing is a <see cref="CrossingScenario"/> (one direction of a border crossing), named by its
/// <c>name</c>; the run-level settings (horizon, warm-up, replications, seed) and the start are the
/// network's, and a crossing's own are not used (a file that states them in a crossing is refused).
/// All crossings share one clock and one random stream per replication, so a diverted truck is the
/// same truck at both ends.
/// </remarks>
public sealed record NetworkScenario
{
    public string Kind { get; init; } = "network";

    public string Name { get; init; } = "network";

    public IReadOnlyList<CrossingScenario> Crossings { get; init; } = [];

    public IReadOnlyList<Diversion> Diversions { get; init; } = [];

    /// <summary>The instant of offset 0, for every crossing that does not state its own clock.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>The time zone of the crossings that do not state their own.</summary>
    public string? TimeZone { get; init; }

    public double WarmupHours { get; init; }

    public double HorizonHours { get; init; } = 168;

    public int Replications { get; init; } = 200;

    public long Seed { get; init; } = 1;

    /// <summary>The fields of a crossing that the network sets for all of them.</summary>
    internal static readonly string[] NetworkLevelFields = ["horizonHours", "warmupHours", "replications", "seed", "alternative"];

    /// <summary>A crossing as the network runs it: with the network's horizon, warm-up, replications and seed.</summary>
    public CrossingScenario Member(int index) => Crossings[index] with
    {
        HorizonHours = HorizonHours,
        WarmupHours = WarmupHours,
        Replications = Replications,
        Seed = Seed,
        Alternative = null,
    };
}

/// <summary>
/// Where trucks go when they give up at <see cref="From"/> or find its parking full: a share of them
/// drive to <see cref="To"/>, arriving <see cref="TravelHours"/> later in the same cargo category.
/// </summary>
/// <remarks>
/// A truck is diverted at most once: if it gives up at the second crossing too, it leaves. It keeps
/// its cargo's value and spoil clock; its patience starts again at the new crossing. The shares of
/// all diversions from one crossing may add up to at most 1; the rest turn back for good.
/// </remarks>
public sealed record Diversion
{
    public string From { get; init; } = "";

    public string To { get; init; } = "";

    /// <summary>Share (0–1) of the trucks that give up at <see cref="From"/> that drive on to <see cref="To"/>.</summary>
    public double ShareOfGaveUp { get; init; }

    /// <summary>Share (0–1) of the trucks turned away at <see cref="From"/> (parking full) that drive on to <see cref="To"/>.</summary>
    public double ShareOfTurnedAway { get; init; }

    /// <summary>Hours of driving from one to the other.</summary>
    public double TravelHours { get; init; }

    /// <summary>The categories that divert; null for every category both crossings have.</summary>
    public IReadOnlyList<string>? Categories { get; init; }
}
