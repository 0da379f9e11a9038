using System.ComponentModel;
using System.Text.Json;
using Khyber.Simulation;
using Khyber.Simulation.Crossings;
using Khyber.Simulation.Hindcasts;
using Khyber.Simulation.Networks;
using Khyber.Simulation.QueueModels;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Forecasts;

/// <summary><c>khyber forecast FILE</c>: runs a queue model or a crossing scenario and shows (or writes) the forecast.</summary>
public sealed class ForecastCommand : AsyncCommand<ForecastCommand.Settings>, IVerb
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A queue model (\"kind\": \"queue\"), a crossing scenario (\"crossing\") or a network of crossings (\"network\"), as JSON.")]
        public string File { get; init; } = "";

        [CommandOption("--json")]
        [Description("Print the forecast as JSON on standard output (the progress bar goes to standard error).")]
        public bool Json { get; init; }

        [CommandOption("--charts <DIR>")]
        [Description("Write the charts as PNG files into DIR.")]
        public string? Charts { get; init; }

        [CommandOption("-r|--replications <N>")]
        [Description("Override the file's number of replications.")]
        public int? Replications { get; init; }

        [CommandOption("--seed <SEED>")]
        [Description("Override the file's seed.")]
        public long? Seed { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Threads for the replications (default: every core). The results do not depend on it.")]
        public int? Threads { get; init; }

        public override ValidationResult Validate() =>
            Replications is < 2 ? ValidationResult.Error("--replications must be at least 2")
            : Threads is < 1 ? ValidationResult.Error("--threads must be at least 1")
            : ValidationResult.Success();
    }

    public static void Register(IConfigurator config) =>
        config.AddCommand<ForecastCommand>("forecast")
            .WithDescription("Simulate a queue model, a crossing scenario or a network of crossings: progress, summary table, --json, --charts.")
            .WithExample("forecast", "samples/forecast/torkham-72h-closure.json", "--charts", "charts");

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        // Progress and messages go to standard error so that --json output can be piped.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var output = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            // A file or a pipe has no width; the default of 80 columns would fold the tables.
            output.Profile.Width = Math.Max(output.Profile.Width, 130);
        }

        if (!InputFile.TryRead(console, settings.File, out var json, out var input))
        {
            return Task.FromResult(1);
        }

        var options = new ForecastOptions { MaxDegreeOfParallelism = settings.Threads };
        try
        {
            switch (input)
            {
                case QueueModel model:
                    model = model with { Replications = settings.Replications ?? model.Replications, Seed = settings.Seed ?? model.Seed };
                    var queue = WithProgress(console, model.Replications, "replications", p => QueueForecast.Run(model, options, p, cancellationToken));
                    if (settings.Json)
                    {
                        Console.Out.WriteLine(QueueReport.ToJson(queue).ToJsonString(Indented));
                    }
                    else
                    {
                        output.Write(SummaryTables.Queue(queue));
                    }

                    WriteCharts(console, settings.Charts, dir => Charts.Queue(queue, dir));
                    break;

                case CrossingScenario scenario:
                    scenario = scenario with { Replications = settings.Replications ?? scenario.Replications, Seed = settings.Seed ?? scenario.Seed };
                    var total = scenario.Replications * (scenario.Alternative is null ? 1 : 2);
                    var comparison = WithProgress(console, total, "replications", p => CrossingForecast.Compare(scenario, options, p, cancellationToken));
                    if (settings.Json)
                    {
                        Console.Out.WriteLine(CrossingReport.ToJson(comparison).ToJsonString(Indented));
                    }
                    else
                    {
                        output.Write(SummaryTables.Crossing(comparison));
                    }

                    WriteCharts(console, settings.Charts, dir => Charts.Crossing(comparison, dir));
                    break;

                case NetworkScenario network:
                    network = network with { Replications = settings.Replications ?? network.Replications, Seed = settings.Seed ?? network.Seed };
                    var forecast = WithProgress(console, network.Replications, "replications", p => NetworkForecast.Run(network, options, p, cancellationToken));
                    if (settings.Json)
                    {
                        var report = new System.Text.Json.Nodes.JsonObject();
                        foreach (var crossing in forecast.Crossings)
                        {
                            report[crossing.Name] = CrossingReport.ToJson(crossing);
                        }

                        Console.Out.WriteLine(report.ToJsonString(Indented));
                    }
                    else
                    {
                        output.Write(SummaryTables.Network(forecast));
                    }

                    WriteCharts(console, settings.Charts, dir => Charts.Network(forecast, dir));
                    break;

                case Hindcast:
                    console.MarkupLineInterpolated($"{settings.File} is a hindcast: run it with [bold]khyber hindcast {settings.File}[/]");
                    return Task.FromResult(1);
            }
        }
        catch (ForecastInputException e)
        {
            InputFile.PrintErrors(console, settings.File, json, e);
            return Task.FromResult(1);
        }

        return Task.FromResult(0);
    }

    // Standard output is read by people and scripts, not embedded in HTML: quotes and non-ASCII text stay as they are.
    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static T WithProgress<T>(IAnsiConsole console, int total, string what, Func<IProgress<int>, T> run)
    {
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(what, maxValue: total);
                result = run(new TaskProgress(task));
                task.Value = total;
            });
        return result;
    }

    private static void WriteCharts(IAnsiConsole console, string? directory, Func<string, IEnumerable<string>> write)
    {
        if (directory is null)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        foreach (var file in write(directory))
        {
            console.MarkupLineInterpolated($"chart: [green]{file}[/]");
        }
    }

    /// <summary>Replications finish on several threads in any order; the bar only moves forward.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate)
            {
                if (value > task.Value)
                {
                    task.Value = value;
                }
            }
        }
    }
}
