using Khyber.Simulation.Crossings;
using Khyber.Simulation.Hindcasts;
using Khyber.Simulation.Networks;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Crossings;

/// <summary>The example files in samples/forecast (and the hindcasts in samples/hindcast), found from the test's own folder.</summary>
internal static class Samples
{
    public static string Directory => Folder("forecast");

    public static string Hindcasts => Folder("hindcast");

    public static T Read<T>(string name) => (T)ForecastInput.Parse(File.ReadAllText(Path.Combine(Directory, name)));

    private static string Folder(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Khyber.slnx")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("Khyber.slnx not found above the test folder"), "samples", name);
    }
}

public class SampleFileTests
{
    [Fact]
    public void Every_sample_parses_and_passes_validation()
    {
        var files = System.IO.Directory.GetFiles(Samples.Directory, "*.json").Concat(System.IO.Directory.GetFiles(Samples.Hindcasts, "*.json")).ToArray();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var input = ForecastInput.Parse(File.ReadAllText(file));
            switch (input)
            {
                case QueueModel model:
                    model.Compile(ForecastOptions.Default);
                    break;
                case CrossingScenario scenario:
                    CrossingCompiler.Compile(scenario, ForecastOptions.Default);
                    if (scenario.Alternative is { } alternative)
                    {
                        CrossingCompiler.Compile(scenario.With(alternative), ForecastOptions.Default);
                    }

                    break;
                case NetworkScenario network:
                    NetworkCompiler.Compile(network, ForecastOptions.Default);
                    break;
                case Hindcast hindcast:
                    HindcastRun.Validate(hindcast, ForecastOptions.Default);
                    break;
                default:
                    Assert.Fail($"{file}: unexpected kind");
                    break;
            }
        }
    }

    [Fact]
    public void The_issue_example_reads_as_written()
    {
        var model = Samples.Read<QueueModel>("queue-issue-example.json");
        Assert.Equal(4, model.Servers);
        Assert.Null(model.SystemCapacity);
        Assert.Equal("priority", model.Policy);
        var perishable = Assert.Single(model.Classes);
        Assert.Equal(("perishable", 0, "exponential", 10.0), (perishable.Name, perishable.Priority, perishable.Arrival.Distribution, perishable.Arrival.RatePerHour));
        Assert.Equal(6, perishable.Service.MeanMinutes);
        Assert.Equal(45, perishable.SpoilAfterMinutes);
        Assert.Equal(new ClosureWindow(0, 1), Assert.Single(model.Closures));
        Assert.Equal((500.0, 20000.0, 20, 7L), (model.WarmupHours, model.HorizonHours, model.Replications, model.Seed));
    }

    [Fact]
    public void Unknown_fields_and_kinds_are_errors_not_silently_ignored()
    {
        Assert.Contains("kind", Assert.Throws<ForecastInputException>(() => ForecastInput.Parse("""{ "kind": "ferry" }""")).Errors.Keys);
        Assert.Throws<ForecastInputException>(() => ForecastInput.Parse("""{ "kind": "queue", "servrs": 2 }"""));
    }
}
