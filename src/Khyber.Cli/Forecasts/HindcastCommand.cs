using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Khyber.Simulation;
using Khyber.Simulation.Hindcasts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Khyber.Cli.Forecasts;

/// <summary>
/// <c>khyber hindcast DIR</c>: replays past closures and prints, for each, every reported figure beside
/// the simulated one, its 90% band and the ratio. Exit code 0: every ratio within the tolerance (or no
/// tolerance given); 1: a ratio outside it, or a file that cannot be run.
/// </summary>
public sealed class HindcastCommand : Command<HindcastCommand.Settings>, IVerb
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("A hindcast file (\"kind\": \"hindcast\"), or a folder: every *.json hindcast in it, by name.")]
        public string Path { get; init; } = "";

        [CommandOption("--tolerance <T>")]
        [Description("Fail (exit 1) when a simulated/reported ratio is below T or above 1/T; 0.5 accepts 0.5 to 2.")]
        public double? Tolerance { get; init; }

        [CommandOption("-r|--replications <N>")]
        [Description("Override the files' number of replications.")]
        public int? Replications { get; init; }

        [CommandOption("--seed <SEED>")]
        [Description("Override the files' seed.")]
        public long? Seed { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Threads for the replications (default: every core). The results do not depend on it.")]
        public int? Threads { get; init; }

        [CommandOption("--json")]
        [Description("Print the comparison as JSON on standard output.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Tolerance is { } t && !(t > 0 && t <= 1) ? ValidationResult.Error("--tolerance must be above 0 and at most 1 (0.5 accepts ratios from 0.5 to 2)")
            : Replications is < 2 ? ValidationResult.Error("--replications must be at least 2")
            : Threads is < 1 ? ValidationResult.Error("--threads must be at least 1")
            : ValidationResult.Success();
    }

    public static void Register(IConfigurator config) =>
        config.AddCommand<HindcastCommand>("hindcast")
            .WithDescription("Replay past closures and compare the simulation with the figures reported at the time.")
            .WithExample("hindcast", "samples/hindcast/", "--tolerance", "0.5");

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var output = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            output.Profile.Width = Math.Max(output.Profile.Width, 150);
        }

        string[] files;
        if (Directory.Exists(settings.Path))
        {
            files = [.. Directory.GetFiles(settings.Path, "*.json").Order(StringComparer.Ordinal)];
        }
        else if (File.Exists(settings.Path))
        {
            files = [settings.Path];
        }
        else
        {
            console.MarkupLineInterpolated($"[red]No such file or folder:[/] {settings.Path}");
            return 1;
        }

        var failed = false;
        var outside = 0;
        var compared = 0;
        var json = new JsonArray();
        var options = new ForecastOptions { MaxDegreeOfParallelism = settings.Threads };
        foreach (var file in files)
        {
            if (!InputFile.TryRead(console, file, out var text, out var input))
            {
                failed = true;
                continue;
            }

            if (input is not Hindcast hindcast)
            {
                console.MarkupLineInterpolated($"{file}: [yellow]not a hindcast (\"kind\": \"hindcast\"), skipped[/]");
                continue;
            }

            hindcast = hindcast with
            {
                Scenario = hindcast.Scenario with
                {
                    Replications = settings.Replications ?? hindcast.Scenario.Replications,
                    Seed = settings.Seed ?? hindcast.Scenario.Seed,
                },
            };
            HindcastResult result;
            try
            {
                result = ForecastCommand.WithProgress(console, hindcast.Scenario.Replications, hindcast.Name, p => HindcastRun.Run(hindcast, options, p, cancellationToken));
            }
            catch (ForecastInputException e)
            {
                InputFile.PrintErrors(console, file, text, e);
                failed = true;
                continue;
            }

            compared += result.Figures.Count;
            outside += settings.Tolerance is { } t ? result.Figures.Count(f => !f.Within(t)) : 0;
            if (settings.Json)
            {
                json.Add(ToJson(file, result));
            }
            else
            {
                output.Write(SummaryTables.Hindcast(result, settings.Tolerance));
                output.WriteLine();
            }
        }

        if (settings.Json)
        {
            Console.Out.WriteLine(json.ToJsonString(ForecastCommand.Indented));
        }

        if (settings.Tolerance is { } tolerance)
        {
            var range = string.Create(CultureInfo.InvariantCulture, $"[{tolerance:0.###}, {1 / tolerance:0.###}]");
            if (outside == 0)
            {
                console.MarkupLineInterpolated($"[green]{compared} of {compared} figures within {range}[/]");
            }
            else
            {
                console.MarkupLineInterpolated($"[red]{outside} of {compared} figures outside {range}[/]");
            }
        }

        return failed || outside > 0 ? 1 : 0;
    }

    private static JsonObject ToJson(string file, HindcastResult result) => new()
    {
        ["file"] = file,
        ["name"] = result.Name,
        ["figures"] = new JsonArray([.. result.Figures.Select(f => (JsonNode)new JsonObject
        {
            ["figure"] = f.Reported.Figure,
            ["measure"] = f.Reported.Measure,
            ["atHour"] = f.Reported.AtHour,
            ["reported"] = f.Reported.Value,
            ["simulated"] = new JsonObject { ["mean"] = Math.Round(f.Mean, 3), ["p5"] = Math.Round(f.P5, 3), ["p95"] = Math.Round(f.P95, 3) },
            ["ratio"] = Math.Round(f.Ratio, 4),
            ["source"] = f.Reported.Source,
        })]),
    };
}
