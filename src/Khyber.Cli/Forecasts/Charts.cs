using Khyber.Simulation.Crossings;
using Khyber.Simulation.Networks;
using Khyber.Simulation.QueueModels;
using ScottPlot;

namespace Khyber.Cli.Forecasts;

/// <summary>PNG charts of a forecast: the backlog band over time and the waits per category.</summary>
internal static class Charts
{
    private static readonly Color[] Palette = [Colors.SteelBlue, Colors.DarkOrange, Colors.SeaGreen, Colors.Crimson, Colors.SlateBlue, Colors.DarkGoldenRod, Colors.Teal, Colors.Gray];

    /// <summary>The backlog of every crossing of a network (mean and 10–90% band), closures of each shaded in its colour.</summary>
    public static IEnumerable<string> Network(NetworkForecastResult result, string directory)
    {
        var backlog = new Plot();
        for (var i = 0; i < result.Crossings.Count; i++)
        {
            var crossing = result.Crossings[i];
            var colour = Palette[i % Palette.Length];
            double[] hours = [.. crossing.Backlog.Select(p => p.AtHours)];
            var band = backlog.Add.FillY(hours, [.. crossing.Backlog.Select(p => p.P10)], [.. crossing.Backlog.Select(p => p.P90)]);
            band.FillColor = colour.WithAlpha(0.2);
            band.LineWidth = 0;
            var mean = backlog.Add.ScatterLine(hours, [.. crossing.Backlog.Select(p => p.Mean)]);
            mean.Color = colour;
            mean.LineWidth = 2;
            mean.LegendText = $"{crossing.Name}: mean, 10–90%";
            foreach (var closure in crossing.Scenario.Closures)
            {
                var shut = backlog.Add.HorizontalSpan(closure.StartHour, closure.StartHour + closure.Hours);
                shut.FillStyle.Color = colour.WithAlpha(0.06);
            }
        }

        backlog.Title($"{result.Name}: trucks waiting at each crossing ({result.Scenario.Replications} replications)");
        backlog.XLabel("hours from the start");
        backlog.YLabel("trucks waiting");
        backlog.ShowLegend(Alignment.UpperRight);
        var file = Path.Combine(directory, "backlog.png");
        backlog.SavePng(file, 1000, 560);
        yield return file;
    }

    public static IEnumerable<string> Crossing(CrossingComparison comparison, string directory)
    {
        var forecasts = new[] { comparison.Baseline, comparison.Alternative }.OfType<CrossingForecastResult>().ToArray();

        var backlog = new Plot();
        for (var i = 0; i < forecasts.Length; i++)
        {
            var points = forecasts[i].Backlog;
            double[] hours = [.. points.Select(p => p.AtHours)];
            var band = backlog.Add.FillY(hours, [.. points.Select(p => p.P10)], [.. points.Select(p => p.P90)]);
            band.FillColor = Palette[i].WithAlpha(0.25);
            band.LineWidth = 0;
            band.LegendText = $"{forecasts[i].Name}: 10–90%";
            var mean = backlog.Add.ScatterLine(hours, [.. points.Select(p => p.Mean)]);
            mean.Color = Palette[i];
            mean.LineWidth = 2;
            mean.LegendText = $"{forecasts[i].Name}: mean";
        }

        foreach (var closure in forecasts[0].Scenario.Closures)
        {
            var shut = backlog.Add.HorizontalSpan(closure.StartHour, closure.StartHour + closure.Hours);
            shut.FillStyle.Color = Colors.Red.WithAlpha(0.08);
            shut.LegendText = "gate closed";
        }

        backlog.Title($"Backlog: trucks waiting ({forecasts[0].Scenario.Replications} replications)");
        backlog.XLabel("hours from now");
        backlog.YLabel("trucks waiting");
        backlog.ShowLegend(Alignment.UpperRight);
        var backlogFile = Path.Combine(directory, "backlog.png");
        backlog.SavePng(backlogFile, 1000, 560);
        yield return backlogFile;

        var byCategory = new Plot();
        var patterns = new[] { LinePattern.Solid, LinePattern.Dashed };
        var categoryColours = new[] { Colors.SeaGreen, Colors.Crimson, Colors.SlateBlue, Colors.DarkGoldenRod, Colors.Teal, Colors.Gray };
        for (var i = 0; i < forecasts.Length; i++)
        {
            for (var c = 0; c < forecasts[i].Categories.Count; c++)
            {
                var category = forecasts[i].Categories[c];
                double[] hours = [.. category.Backlog.Select(p => p.AtHours)];
                double[] means = [.. category.Backlog.Select(p => p.Mean)];
                var line = byCategory.Add.ScatterLine(hours, means);
                line.Color = categoryColours[c % categoryColours.Length];
                line.LinePattern = patterns[i];
                line.LineWidth = 2;
                line.LegendText = $"{category.Name} ({forecasts[i].Name})";
            }
        }

        byCategory.Title("Backlog per category, mean (solid: first variant, dashed: second)");
        byCategory.XLabel("hours from now");
        byCategory.YLabel("trucks waiting");
        byCategory.ShowLegend(Alignment.UpperRight);
        var byCategoryFile = Path.Combine(directory, "backlog-by-category.png");
        byCategory.SavePng(byCategoryFile, 1000, 560);
        yield return byCategoryFile;

        var categories = forecasts[0].Categories.Select(c => c.Name).ToArray();
        var waits = GroupedBars(
            categories,
            forecasts.Select(f => (f.Name, categories.Select(c => f[c].WaitMinutes.Mean.Mean / 60).ToArray(), categories.Select(c => f[c].WaitMinutes.P90.Mean / 60).ToArray())).ToArray());
        waits.Title("Waits per category: mean (bar) and p90 (dark tick)");
        waits.YLabel("hours in the queue");
        var waitsFile = Path.Combine(directory, "waits.png");
        waits.SavePng(waitsFile, 1000, 560);
        yield return waitsFile;
    }

    public static IEnumerable<string> Queue(QueueForecastResult result, string directory)
    {
        var names = result.Classes.Select(c => c.Name).Append("all").ToArray();
        var classes = result.Classes.Append(result.All).ToArray();
        var plot = GroupedBars(names, [("queue", classes.Select(c => c.WaitMinutes.Mean.Mean).ToArray(), classes.Select(c => c.WaitMinutes.P90.Mean).ToArray())]);
        plot.Title("Waits per class: mean (bar) and p90 (dark tick)");
        plot.YLabel("minutes in the queue");
        var file = Path.Combine(directory, "waits.png");
        plot.SavePng(file, 900, 520);
        yield return file;
    }

    /// <summary>One group of bars per category, one bar per forecast, with the p90 marked on each bar.</summary>
    private static Plot GroupedBars(string[] categories, (string Name, double[] Means, double[] P90s)[] series)
    {
        var plot = new Plot();
        var width = 0.8 / series.Length;
        for (var s = 0; s < series.Length; s++)
        {
            var bars = new List<Bar>();
            for (var c = 0; c < categories.Length; c++)
            {
                var x = c + ((s - ((series.Length - 1) / 2.0)) * width);
                bars.Add(new Bar { Position = x, Value = Finite(series[s].Means[c]), FillColor = Palette[s], Size = width * 0.9 });
                var tick = plot.Add.Line(x - (width * 0.4), Finite(series[s].P90s[c]), x + (width * 0.4), Finite(series[s].P90s[c]));
                tick.Color = Colors.Black;
                tick.LineWidth = 3;
            }

            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = Palette[s] });
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. Enumerable.Range(0, categories.Length).Select(i => (double)i)],
            categories);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;
}
