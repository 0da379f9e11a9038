using ScottPlot;

namespace Khyber.Api.Pages.Shared;

/// <summary>Charts drawn on the server with ScottPlot as SVG: no chart script in the browser, and the same library as the command line.</summary>
public static class Chart
{
    private static readonly Color[] Palette = [new("#0b5394"), new("#b45309"), new("#11622f"), new("#a01414"), new("#6b21a8")];

    /// <summary>A line per series over time, each point a (time, value).</summary>
    public static string Lines(string title, string yLabel, IReadOnlyList<(string Name, IReadOnlyList<(DateTimeOffset At, double Value)> Points)> series, int width = 900, int height = 380)
    {
        var plot = new Plot();
        for (var i = 0; i < series.Count; i++)
        {
            var (name, points) = series[i];
            if (points.Count == 0)
            {
                continue;
            }
            var line = plot.Add.ScatterLine(points.Select(p => p.At.UtcDateTime.ToOADate()).ToArray(), points.Select(p => p.Value).ToArray());
            line.Color = Palette[i % Palette.Length];
            line.LineWidth = 2;
            line.LinePattern = i % 2 == 0 ? LinePattern.Solid : LinePattern.Dashed;
            line.LegendText = name;
        }
        plot.Axes.DateTimeTicksBottom();
        return Finish(plot, title, yLabel, width, height);
    }

    /// <summary>A band (10–90%) and a mean line per series, over hours from now.</summary>
    public static string Bands(string title, string xLabel, string yLabel, IReadOnlyList<(string Name, double[] Hours, double[] Mean, double[] Low, double[] High)> series, int width = 900, int height = 380)
    {
        var plot = new Plot();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            var band = plot.Add.FillY(s.Hours, s.Low, s.High);
            band.FillColor = Palette[i % Palette.Length].WithAlpha(0.2);
            band.LineWidth = 0;
            var mean = plot.Add.ScatterLine(s.Hours, s.Mean);
            mean.Color = Palette[i % Palette.Length];
            mean.LineWidth = 2;
            mean.LinePattern = i % 2 == 0 ? LinePattern.Solid : LinePattern.Dashed;
            mean.LegendText = s.Name;
        }
        plot.XLabel(xLabel);
        return Finish(plot, title, yLabel, width, height);
    }

    private static string Finish(Plot plot, string title, string yLabel, int width, int height)
    {
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetSvgXml(width, height);
    }
}
