using Khyber.Simulation.Networks;
using Khyber.Simulation.Replications;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.Hindcasts;

/// <summary>A past closure replayed: the network as it was, and the figures reported at the time to hold the simulation against.</summary>
/// <remarks>
/// The file is <c>{ "kind": "hindcast", "name", "scenario": { "kind": "network", … }, "reported": [ … ] }</c>.
/// Only what the sources give is specific to a case (the dates of the closure, the figures); what no
/// source gives (patience, parking, how traffic answers a closure) is an assumption that every
/// hindcast must share, so that agreement cannot come from tuning one case.
/// </remarks>
public sealed record Hindcast
{
    public string Kind { get; init; } = "hindcast";

    public string Name { get; init; } = "";

    public NetworkScenario Scenario { get; init; } = new();

    public IReadOnlyList<ReportedFigure> Reported { get; init; } = [];
}

/// <summary>A figure reported at the time: what it counts, where, when, how much, and who said so.</summary>
public sealed record ReportedFigure
{
    /// <summary>The figure in words, as the table shows it.</summary>
    public string Figure { get; init; } = "";

    /// <summary>
    /// <c>waiting</c> (trucks in the queue at that hour), <c>gaveUp</c> (trucks that had given up by
    /// then), <c>turnedAway</c> (trucks turned away by then because the parking was full) or
    /// <c>spoiledValueUsd</c> (value of the cargo spoiled in the queue by then).
    /// </summary>
    public string Measure { get; init; } = "waiting";

    /// <summary>The crossings (by name) whose figures are added up: "on both sides" is both directions.</summary>
    public IReadOnlyList<string> Crossings { get; init; } = [];

    /// <summary>Only this cargo category; null for all.</summary>
    public string? Category { get; init; }

    /// <summary>When the figure was reported, in hours from the scenario's start.</summary>
    public double AtHour { get; init; }

    /// <summary>The figure; for a range, its middle (the range belongs in <see cref="Figure"/>).</summary>
    public double Value { get; init; }

    /// <summary>Who reported it: outlet, title, date.</summary>
    public string Source { get; init; } = "";

    internal static readonly string[] Measures = ["waiting", "gaveUp", "turnedAway", "spoiledValueUsd"];
}

/// <summary>A reported figure beside its simulated counterpart: the mean over replications and the 5–95% band between them.</summary>
public sealed record FigureComparison(ReportedFigure Reported, double Mean, double P5, double P95)
{
    /// <summary>Simulated over reported: 1 is a match, 0.5 half, 2 twice.</summary>
    public double Ratio => Mean / Reported.Value;

    /// <summary>Whether the ratio lies within [<paramref name="tolerance"/>, 1 / <paramref name="tolerance"/>].</summary>
    public bool Within(double tolerance) => Ratio >= tolerance && Ratio <= 1 / tolerance;
}

/// <summary>A hindcast run: the comparison, figure by figure, and the forecast it came from.</summary>
public sealed record HindcastResult(string Name, IReadOnlyList<FigureComparison> Figures, NetworkForecastResult Forecast);

/// <summary>Runs hindcasts.</summary>
public static class HindcastRun
{
    /// <exception cref="ForecastInputException">The scenario cannot be simulated, or a reported figure names a crossing, category or measure it does not have.</exception>
    public static HindcastResult Run(Hindcast hindcast, ForecastOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= ForecastOptions.Default;
        if (!(options.BacklogStepHours > 0))
        {
            options = options with { BacklogStepHours = 1 }; // the figures are read from the samples over time
        }

        Validate(hindcast, options);
        var forecast = NetworkForecast.Run(hindcast.Scenario, options, progress, cancellationToken);
        var figures = hindcast.Reported.Select(figure => Compare(figure, forecast, options.BacklogStepHours)).ToArray();
        return new HindcastResult(hindcast.Name, figures, forecast);
    }

    /// <summary>Checks the reported figures and the scenario; errors in the scenario are named from the file's root (<c>scenario.crossings[0]…</c>).</summary>
    internal static void Validate(Hindcast hindcast, ForecastOptions options)
    {
        Check(hindcast);
        try
        {
            NetworkCompiler.Compile(hindcast.Scenario, options);
        }
        catch (ForecastInputException e)
        {
            throw new ForecastInputException(e.Errors.ToDictionary(x => $"scenario.{x.Key}", x => x.Value));
        }
    }

    private static void Check(Hindcast hindcast)
    {
        var errors = new InputErrors();
        var crossings = hindcast.Scenario.Crossings.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        errors.Require(!string.IsNullOrWhiteSpace(hindcast.Name), "name", "is required");
        errors.Require(hindcast.Reported.Count > 0, "reported", "needs at least one reported figure to compare with");
        for (var i = 0; i < hindcast.Reported.Count; i++)
        {
            var figure = hindcast.Reported[i];
            var path = $"reported[{i}]";
            errors.Require(!string.IsNullOrWhiteSpace(figure.Figure), $"{path}.figure", "is required: say what was reported");
            errors.Require(!string.IsNullOrWhiteSpace(figure.Source), $"{path}.source", "is required: say who reported it, where and when");
            errors.Require(ReportedFigure.Measures.Contains(figure.Measure), $"{path}.measure", $"must be one of {string.Join(", ", ReportedFigure.Measures)}");
            errors.Require(figure.Value > 0 && double.IsFinite(figure.Value), $"{path}.value", "must be positive");
            errors.Require(figure.AtHour >= 0 && figure.AtHour <= hindcast.Scenario.HorizonHours, $"{path}.atHour", "must lie between 0 and the scenario's horizonHours");
            errors.Require(figure.Crossings.Count > 0, $"{path}.crossings", "needs at least one crossing");
            for (var k = 0; k < figure.Crossings.Count; k++)
            {
                if (!crossings.TryGetValue(figure.Crossings[k], out var crossing))
                {
                    errors.Add($"{path}.crossings[{k}]", $"must name one of the scenario's crossings ({string.Join(", ", crossings.Keys)})");
                }
                else if (figure.Category is { } category && crossing.Categories.All(c => c.Name != category))
                {
                    errors.Add($"{path}.category", $"\"{category}\" is not a category of {crossing.Name}");
                }
            }
        }

        errors.ThrowIfAny();
    }

    private static FigureComparison Compare(ReportedFigure figure, NetworkForecastResult forecast, double stepHours)
    {
        var sample = (int)Math.Round(figure.AtHour / stepHours);
        var perReplication = new double[forecast.Scenario.Replications];
        foreach (var name in figure.Crossings)
        {
            var crossing = forecast[name];
            var category = figure.Category is { } c ? crossing.Categories.Select(x => x.Name).ToList().IndexOf(c) : -1;
            for (var r = 0; r < perReplication.Length; r++)
            {
                perReplication[r] += Measure(crossing.Replications[r], figure.Measure, category, sample);
            }
        }

        var estimate = Estimate.Of(perReplication);
        Array.Sort(perReplication);
        return new FigureComparison(figure, estimate.Mean, Percentiles.OfSorted(perReplication, 0.05), Percentiles.OfSorted(perReplication, 0.95));
    }

    private static double Measure(ReplicationResult result, string measure, int category, int sample)
    {
        static double Total<T>(IReadOnlyList<IReadOnlyList<T>> byClass, int category, int sample)
            where T : System.Numerics.INumber<T> =>
            category >= 0 ? double.CreateChecked(byClass[category][sample]) : byClass.Sum(series => double.CreateChecked(series[sample]));

        return measure switch
        {
            "waiting" => category >= 0 ? result.BacklogByClass[category][sample] : result.Backlog[sample],
            "gaveUp" => Total(result.GaveUpByClass, category, sample),
            "turnedAway" => Total(result.TurnedAwayByClass, category, sample),
            _ => Total(result.SpoiledValueByClass, category, sample),
        };
    }
}
