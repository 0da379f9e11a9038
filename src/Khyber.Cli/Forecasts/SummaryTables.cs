using System.Globalization;
using Khyber.Simulation.Crossings;
using Khyber.Simulation.Hindcasts;
using Khyber.Simulation.Networks;
using Khyber.Simulation.QueueModels;
using Khyber.Simulation.Statistics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Khyber.Cli.Forecasts;

/// <summary>The forecast as tables: one column per alternative, one row per figure.</summary>
internal static class SummaryTables
{
    public static IRenderable Queue(QueueForecastResult result)
    {
        var closedForm = ClosedForm.For(result.Model);
        var table = new Table().Title(Markup.Escape($"Queue model: {result.Model.Servers} server(s), {result.Model.Policy}, {result.Replications.Count} replications of {result.Model.HorizonHours:N0} h"))
            .AddColumns(new[] { "class", "wait mean [99% CI] (min)", "closed form", "p50", "p90", "p99", "P(wait)", "arrived", "served", "blocked", "gave up", "spoiled" }
                .Select(header => new TableColumn(Markup.Escape(header))).ToArray());
        foreach (var c in result.Classes.Append(result.All))
        {
            var theory = closedForm?.WaitMinutes[c.Name];
            table.AddRow(
                Markup.Escape(c.Name),
                Markup.Escape(WithCi(c.WaitMinutes.Mean)),
                theory is { } t ? (c.WaitMinutes.Mean.Contains(t) ? $"{F(t, "N3")} [green]inside[/]" : $"{F(t, "N3")} [yellow]outside[/]") : "-",
                F(c.WaitMinutes.P50.Mean),
                F(c.WaitMinutes.P90.Mean),
                F(c.WaitMinutes.P99.Mean),
                P(c.WaitMinutes.ProbabilityOfWaiting.Mean),
                F(c.Arrived.Mean, "N0"),
                F(c.Served.Mean, "N0"),
                P(c.BlockedFraction.Mean),
                P(c.GaveUpFraction.Mean),
                F(c.Spoiled.Mean, "N1"));
        }

        var formula = closedForm is null ? "no closed form for this model" : $"closed form: {closedForm.Formula}";
        if (closedForm?.BlockedFraction is { } blocked)
        {
            formula += $", blocked {P(blocked)}";
        }

        if (closedForm?.GaveUpFraction is { } gaveUp)
        {
            formula += $", gave up {P(gaveUp)}";
        }

        table.Caption(Markup.Escape($"utilisation {P(result.Utilisation.Mean)} · mean queue length {F(result.QueueLength.Mean)} · waits in the queue before service, of trucks that reached a server · {formula}"));
        return table;
    }

    public static IRenderable Crossing(CrossingComparison comparison) =>
        Columns(
            new[] { comparison.Baseline, comparison.Alternative }.OfType<CrossingForecastResult>().ToArray(),
            $"{comparison.Baseline.Scenario.Replications} replications · horizon {comparison.Baseline.Scenario.HorizonHours:N0} h · mean [p10–p90 between replications]");

    /// <summary>One column per crossing of the network.</summary>
    public static IRenderable Network(NetworkForecastResult result) =>
        Columns(
            [.. result.Crossings],
            $"{result.Name} · {result.Scenario.Replications} replications · horizon {result.Scenario.HorizonHours:N0} h · mean [p10–p90 between replications]");

    /// <summary>Each reported figure beside the simulated one, its 5–95% band between replications and the ratio; outside the tolerance in red.</summary>
    public static IRenderable Hindcast(HindcastResult result, double? tolerance)
    {
        var table = new Table().Title(Markup.Escape($"{result.Name} · {result.Forecast.Scenario.Replications} replications"))
            .AddColumns(new[] { "reported figure", "at (h)", "reported", "simulated mean", "90% band", "ratio", "" }
                .Select(header => new TableColumn(Markup.Escape(header))).ToArray());
        foreach (var figure in result.Figures)
        {
            var money = figure.Reported.Measure == "spoiledValueUsd";
            const string format = "N0";
            var verdict = tolerance is not { } t ? "" : figure.Within(t) ? "[green]within[/]" : "[red]outside[/]";
            table.AddRow(
                Markup.Escape(figure.Reported.Figure),
                F(figure.Reported.AtHour, "N0"),
                Markup.Escape((money ? "$" : "") + F(figure.Reported.Value, format)),
                Markup.Escape((money ? "$" : "") + F(figure.Mean, format)),
                Markup.Escape($"{F(figure.P5, format)}–{F(figure.P95, format)}"),
                F(figure.Ratio, "N2"),
                verdict);
        }

        return table;
    }

    private static IRenderable Columns(CrossingForecastResult[] forecasts, string title)
    {
        var table = new Table().Title(Markup.Escape(title));
        table.AddColumn("");
        foreach (var f in forecasts)
        {
            table.AddColumn(new TableColumn($"[bold]{Markup.Escape(f.Name)}[/]\n{Markup.Escape(Describe(f.Scenario))}").RightAligned());
        }

        void Row(string label, Func<CrossingForecastResult, string> cell) =>
            table.AddRow([new Markup(Markup.Escape(label)), .. forecasts.Select(f => new Markup(Markup.Escape(cell(f))))]);

        Row("peak backlog (trucks)", f => Band(f.Backlog.MaxBy(b => b.Mean)!));
        Row("hour of the peak", f => F(f.Backlog.MaxBy(b => b.Mean)!.AtHours, "N0"));
        Row("backlog back to pre-closure level after (h)", f => f.ClearanceHours is { } c
            ? f.ClearedWithinHorizonFraction == 0 ? $"not within the horizon (> {F(c.Mean, "N0")})" : Spread(c)
            : "no closure");
        Row("last stranded truck called (or gone) after (h)", f => f.StrandedCalledHours is { } c ? $"{Spread(c)}" : "no closure");
        Row("cleared within horizon", f => f.ClearanceHours is null ? "-" : P(f.ClearedWithinHorizonFraction));
        foreach (var category in forecasts.SelectMany(f => f.Categories.Select(c => c.Name)).Distinct())
        {
            Row($"wait {category}: mean / p90 (h)", f => f.Categories.Any(c => c.Name == category)
                ? $"{F(f[category].WaitMinutes.Mean.Mean / 60)} / {F(f[category].WaitMinutes.P90.Mean / 60)}"
                : "-");
        }

        Row("spoiled (trucks)", f => Spread(f.SpoiledTrucks, "N0"));
        Row("spoiled value (USD)", f => Spread(f.SpoiledValueUsd, "N0"));
        Row("crossed (trucks)", f => Spread(f.Crossed, "N0"));
        if (forecasts.Any(f => f.GaveUp.Mean > 0 || f.Categories.Any(c => c.GaveUp.Mean > 0)))
        {
            Row("gave up waiting (trucks)", f => Spread(f.GaveUp, "N0"));
            Row("cargo value of those (USD)", f => Spread(f.GaveUpValueUsd, "N0"));
        }

        if (forecasts.Any(f => f.TurnedAway.Mean > 0))
        {
            Row("turned away, parking full (trucks)", f => Spread(f.TurnedAway, "N0"));
        }

        if (forecasts.Any(f => f.DivertedIn.Mean > 0 || f.DivertedOut.Mean > 0))
        {
            Row("diverted here from elsewhere (trucks)", f => Spread(f.DivertedIn, "N0"));
            Row("diverted from here to elsewhere (trucks)", f => Spread(f.DivertedOut, "N0"));
        }

        Row("still waiting at horizon", f => F(f.StillWaiting.Mean, "N0"));
        Row("lane utilisation (busy / open lane-hours)", f => P(f.LaneUtilisation.Mean));
        return table;
    }

    private static string Describe(CrossingScenario s) =>
        $"{s.Policy}{(s.Policy == "green-lane" ? $" {s.PerishableShare:P0} perishable" : "")}, {s.Lanes} lane(s)" +
        (s.OperatingHours is { } op ? $", {op.OpenHour:00}–{op.CloseHour:00}h" : ", 24/7") +
        (s.ParkingCapacity is { } parking ? $", parking {parking:N0}" : "");

    private static string Band(BacklogPoint b) => $"{F(b.Mean, "N0")} [{F(b.P10, "N0")}–{F(b.P90, "N0")}]";

    private static string Spread(Estimate e, string format = "N1") => $"{F(e.Mean, format)} [{F(e.P10, format)}–{F(e.P90, format)}]";

    private static string WithCi(Estimate e) => $"{F(e.Mean, "N3")} [{F(e.Ci99Lower, "N3")}, {F(e.Ci99Upper, "N3")}]";

    private static string F(double value, string format = "N2") => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string P(double value) => double.IsFinite(value) ? value.ToString("P1", CultureInfo.InvariantCulture) : "-";
}
