using System.Text.Json;
using Khyber.Simulation.Hindcasts;
using Khyber.Simulation.Tests.Crossings;

namespace Khyber.Simulation.Tests.Hindcasts;

public class HindcastTests
{
    private static (string File, Hindcast Hindcast)[] All() =>
        [.. Directory.GetFiles(Samples.Hindcasts, "*.json").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), (Hindcast)ForecastInput.Parse(File.ReadAllText(f))))];

    [Fact]
    public void The_three_closures_are_there_with_their_sources()
    {
        var all = All();
        Assert.Equal(["torkham-2023-02.json", "torkham-2023-09.json", "torkham-2025-02.json"], all.Select(h => h.File));
        Assert.All(all, h => Assert.All(h.Hindcast.Reported, r => Assert.False(string.IsNullOrWhiteSpace(r.Source))));
    }

    [Fact]
    public void Every_hindcast_makes_the_same_assumptions()
    {
        // Only the closure (its dates) and the figures differ from case to case: patience, parking,
        // the traffic's response, rates, lanes and diversions are one set of assumptions, so that no
        // case can be fitted on its own.
        string Shared(Hindcast h) => JsonSerializer.Serialize(
            new { Crossings = h.Scenario.Crossings.Select(c => c with { Closures = [] }), h.Scenario.Diversions, h.Scenario.TimeZone, h.Scenario.Replications, h.Scenario.Seed },
            ForecastInput.JsonOptions);

        var all = All();
        var first = Shared(all[0].Hindcast);
        Assert.All(all, h => Assert.Equal(first, Shared(h.Hindcast)));

        // And every closure starts a day into the run, at Torkham only.
        Assert.All(all, h => Assert.All(h.Hindcast.Scenario.Crossings, c =>
            Assert.Equal(c.Name.StartsWith("torkham", StringComparison.Ordinal) ? 24 : (double?)null, c.Closures.SingleOrDefault()?.StartHour)));
    }

    [Fact]
    public void A_hindcast_runs_and_compares_every_reported_figure()
    {
        var (_, hindcast) = All()[0];
        hindcast = hindcast with { Scenario = hindcast.Scenario with { Replications = 4 } };
        var result = HindcastRun.Run(hindcast);
        Assert.Equal(hindcast.Reported.Count, result.Figures.Count);
        Assert.All(result.Figures, f =>
        {
            Assert.True(double.IsFinite(f.Ratio));
            Assert.InRange(f.Mean, f.P5, f.P95);
            Assert.Equal(f.Mean / f.Reported.Value, f.Ratio, 12);
        });

        // The same seed gives the same comparison.
        Assert.Equal(result.Figures.Select(f => f.Mean), HindcastRun.Run(hindcast).Figures.Select(f => f.Mean));
    }

    [Fact]
    public void Within_tolerance_means_a_ratio_between_t_and_one_over_t()
    {
        var figure = new ReportedFigure { Value = 100 };
        Assert.True(new FigureComparison(figure, 50, 0, 0).Within(0.5));
        Assert.True(new FigureComparison(figure, 200, 0, 0).Within(0.5));
        Assert.False(new FigureComparison(figure, 49, 0, 0).Within(0.5));
        Assert.False(new FigureComparison(figure, 201, 0, 0).Within(0.5));
    }
}
