using Khyber.Simulation.Crossings;
using Khyber.Simulation.Hindcasts;
using Khyber.Simulation.Networks;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Inputs;

/// <summary>Every new model field sent wrong is refused with an error naming the field, which the command line turns into a file position.</summary>
public class BadInputTests
{
    private const string Crossing = """
        {
          "kind": "crossing",
          "lanes": 2,
          "serviceRatePerLanePerHour": 10,
          "categories": [
            { "name": "perishable", "arrivalsPerHour": 5, "spoilAfterHours": 48,
              "patience": { "distribution": "lognormal", "meanHours": 120, "sdHours": 36 } }
          ],
          "closures": [ { "startHour": 0, "hours": 24 } ],
          "horizonHours": 96,
          "replications": 2
        }
        """;

    private const string Queue = """
        {
          "kind": "queue",
          "servers": 2,
          "classes": [
            { "name": "a", "arrival": { "ratePerHour": 10 }, "service": { "meanMinutes": 6 },
              "patience": { "distribution": "exponential", "meanMinutes": 30 } }
          ],
          "horizonHours": 100
        }
        """;

    private const string Network = """
        {
          "kind": "network",
          "crossings": [
            { "name": "torkham", "lanes": 4, "serviceRatePerLanePerHour": 6,
              "categories": [ { "name": "perishable", "arrivalsPerHour": 7, "patience": { "meanHours": 100 } },
                              { "name": "general", "arrivalsPerHour": 13 } ] },
            { "name": "ghulam-khan", "lanes": 2, "serviceRatePerLanePerHour": 4,
              "categories": [ { "name": "general", "arrivalsPerHour": 3 } ] }
          ],
          "diversions": [
            { "from": "torkham", "to": "ghulam-khan", "shareOfGaveUp": 0.3, "travelHours": 8 }
          ],
          "horizonHours": 96,
          "replications": 2
        }
        """;

    private const string HindcastFile = """
        {
          "kind": "hindcast",
          "name": "a closure",
          "scenario": {
            "kind": "network",
            "crossings": [
              { "name": "torkham", "lanes": 4, "serviceRatePerLanePerHour": 6,
                "categories": [ { "name": "perishable", "arrivalsPerHour": 7 } ],
                "closures": [ { "startHour": 0, "hours": 48 } ] }
            ],
            "horizonHours": 96,
            "replications": 2
          },
          "reported": [
            { "figure": "trucks stranded", "measure": "waiting", "crossings": [ "torkham" ], "atHour": 48, "value": 300,
              "source": "a newspaper, 1 January 2024" }
          ]
        }
        """;

    public static TheoryData<string, string, string> Cases => new()
    {
        // what, the file, the field named
        { "negative patience", Crossing.Replace("\"meanHours\": 120", "\"meanHours\": -5"), "categories[0].patience.meanHours" },
        { "unknown patience distribution", Crossing.Replace("\"lognormal\"", "\"forever\""), "categories[0].patience.distribution" },
        { "hour-of-day profile that does not cover the day", Crossing.Replace("\"arrivalsPerHour\": 5", $"\"arrivalsPerHourByHourOfDay\": [{string.Join(", ", Enumerable.Repeat(5, 23))}]"), "categories[0].arrivalsPerHourByHourOfDay" },
        { "day-of-week profile without Friday", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"startDayOfWeek\": \"monday\", \"arrivalsByDayOfWeek\": { \"monday\": 1, \"tuesday\": 1, \"wednesday\": 1, \"thursday\": 1, \"saturday\": 1, \"sunday\": 1 },"), "arrivalsByDayOfWeek.friday" },
        { "day-of-week profile without a start day", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"arrivalsByDayOfWeek\": { \"monday\": 1, \"tuesday\": 1, \"wednesday\": 1, \"thursday\": 1, \"friday\": 0.5, \"saturday\": 1, \"sunday\": 1 },"), "arrivalsByDayOfWeek" },
        { "day-of-week factor negative", Crossing.Replace("\"categories\": [", "\"startDayOfWeek\": \"friday\", \"categories\": [").Replace("\"spoilAfterHours\": 48,", "\"spoilAfterHours\": 48, \"arrivalsByDayOfWeek\": { \"monday\": 1, \"tuesday\": 1, \"wednesday\": 1, \"thursday\": 1, \"friday\": -1, \"saturday\": 1, \"sunday\": 1 },"), "categories[0].arrivalsByDayOfWeek.friday" },
        { "unknown day", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"startDayOfWeek\": \"funday\","), "startDayOfWeek" },
        { "unknown time zone", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"startsAt\": \"2025-02-21T12:00:00+05:00\", \"timeZone\": \"Mars/Olympus\","), "timeZone" },
        { "time zone without startsAt", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"timeZone\": \"Asia/Karachi\","), "timeZone" },
        { "time zone changing its offset", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"startsAt\": \"2025-03-29T00:00:00Z\", \"timeZone\": \"Europe/London\","), "timeZone" },
        { "startsAt and startHourOfDay", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"startsAt\": \"2025-02-21T12:00:00+05:00\", \"startHourOfDay\": 6,"), "startHourOfDay" },
        { "negative parking capacity", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"parkingCapacity\": -1,"), "parkingCapacity" },
        { "negative factor after news of a closure", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"closureResponse\": { \"during\": [ { \"fromHour\": 12, \"factor\": -0.5 } ] },"), "closureResponse.during[0].factor" },
        { "steps out of order after the reopening", Crossing.Replace("\"lanes\": 2,", "\"lanes\": 2, \"closureResponse\": { \"afterReopening\": [ { \"fromHour\": 48, \"factor\": 1.5 }, { \"fromHour\": 24, \"factor\": 1 } ] },"), "closureResponse.afterReopening[1].fromHour" },
        { "a category's own closure response", Crossing.Replace("\"spoilAfterHours\": 48,", "\"spoilAfterHours\": 48, \"closureResponse\": { \"during\": [ { \"fromHour\": -3, \"factor\": 0.5 } ] },"), "categories[0].closureResponse.during[0].fromHour" },
        { "negative patience in a queue model", Queue.Replace("\"meanMinutes\": 30", "\"meanMinutes\": -30"), "classes[0].patience.meanMinutes" },
        { "negative waiting capacity", Queue.Replace("\"servers\": 2,", "\"servers\": 2, \"waitingCapacity\": -2,"), "waitingCapacity" },
        { "queue closure response", Queue.Replace("\"servers\": 2,", "\"servers\": 2, \"closureResponse\": { \"during\": [ { \"fromHour\": 1, \"factor\": 1000 } ] },"), "closureResponse.during[0].factor" },
        { "diversion share above 1", Network.Replace("\"shareOfGaveUp\": 0.3", "\"shareOfGaveUp\": 1.5"), "diversions[0].shareOfGaveUp" },
        { "diversion shares adding up above 1", Network.Replace("\"travelHours\": 8 }", "\"travelHours\": 8 }, { \"from\": \"torkham\", \"to\": \"ghulam-khan\", \"shareOfGaveUp\": 0.8, \"travelHours\": 9 }"), "diversions" },
        { "diversion to an unknown crossing", Network.Replace("\"to\": \"ghulam-khan\"", "\"to\": \"chamman\""), "diversions[0].to" },
        { "diversion back to itself", Network.Replace("\"to\": \"ghulam-khan\"", "\"to\": \"torkham\""), "diversions[0].to" },
        { "negative travel time", Network.Replace("\"travelHours\": 8", "\"travelHours\": -8"), "diversions[0].travelHours" },
        { "diverting a category the other crossing does not take", Network.Replace("\"travelHours\": 8 }", "\"travelHours\": 8, \"categories\": [ \"perishable\" ] }"), "diversions[0].categories[0]" },
        { "diversion of nobody", Network.Replace("\"shareOfGaveUp\": 0.3, ", ""), "diversions[0]" },
        { "two crossings of the same name", Network.Replace("\"name\": \"ghulam-khan\"", "\"name\": \"torkham\""), "crossings[1].name" },
        { "a crossing setting the network's horizon", Network.Replace("\"name\": \"torkham\",", "\"name\": \"torkham\", \"horizonHours\": 48,"), "crossings[0].horizonHours" },
        { "a crossing starting at another instant", Network.Replace("\"horizonHours\": 96,", "\"horizonHours\": 96, \"startsAt\": \"2025-02-21T12:00:00+05:00\",").Replace("\"name\": \"ghulam-khan\",", "\"name\": \"ghulam-khan\", \"startsAt\": \"2025-02-21T18:00:00+05:00\","), "crossings[1].startsAt" },
        { "unknown measure", HindcastFile.Replace("\"measure\": \"waiting\"", "\"measure\": \"rumours\""), "reported[0].measure" },
        { "figure at an unknown crossing", HindcastFile.Replace("\"crossings\": [ \"torkham\" ]", "\"crossings\": [ \"torkam\" ]"), "reported[0].crossings[0]" },
        { "figure after the horizon", HindcastFile.Replace("\"atHour\": 48", "\"atHour\": 480"), "reported[0].atHour" },
        { "figure for an unknown category", HindcastFile.Replace("\"atHour\": 48", "\"category\": \"fish\", \"atHour\": 48"), "reported[0].category" },
        { "figure without a source", HindcastFile.Replace("\"a newspaper, 1 January 2024\"", "\"\""), "reported[0].source" },
        { "error inside the hindcast's scenario", HindcastFile.Replace("\"lanes\": 4,", "\"lanes\": 4, \"parkingCapacity\": -10,"), "scenario.crossings[0].parkingCapacity" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_field_is_named_and_located(string what, string json, string field)
    {
        var e = Assert.Throws<ForecastInputException>(() => Check(json));
        Assert.True(e.Errors.ContainsKey(field), $"{what}: expected an error for {field}, got {string.Join(", ", e.Errors.Keys)}");

        // The command line prints FILE:LINE:COLUMN; the position is on the field's line, or, for a
        // missing field, on the line of the object that lacks it.
        var (line, column) = ForecastInput.Locate(json, field)!.Value;
        var text = json.Split('\n')[line - 1];
        var deepest = field.Split('.', '[', ']').Last(s => s.Length > 0 && !char.IsDigit(s[0]) && json.Contains($"\"{s}\"", StringComparison.Ordinal));
        var at = text[(column - 1)..];
        var element = field.EndsWith(']') && at.Length > 0 && at[0] is '{' or '"' or '[';
        Assert.True(element || at.StartsWith('{') || at.StartsWith($"\"{deepest}\"", StringComparison.Ordinal), $"{what}: {line}:{column} does not point at {deepest} or its object: {text}");
    }

    [Fact]
    public void Positions_are_those_of_the_field_in_the_file()
    {
        var json = Crossing.Replace("\"meanHours\": 120", "\"meanHours\": -5");
        Assert.Equal((7, 50), ForecastInput.Locate(json, "categories[0].patience.meanHours"));
        Assert.Equal((6, 5), ForecastInput.Locate(json, "categories[0]"));
        Assert.Equal((6, 5), ForecastInput.Locate(json, "categories[0].arrivalsByDayOfWeek.friday")); // absent: where it belongs
        Assert.Equal((3, 3), ForecastInput.Locate(json, "$.lanes"));
        Assert.Equal((1, 1), ForecastInput.Locate(json, ""));
    }

    private static void Check(string json)
    {
        switch (ForecastInput.Parse(json))
        {
            case QueueModel model:
                model.Compile(ForecastOptions.Default);
                break;
            case CrossingScenario scenario:
                CrossingCompiler.Compile(scenario, ForecastOptions.Default);
                break;
            case NetworkScenario network:
                NetworkCompiler.Compile(network, ForecastOptions.Default);
                break;
            case Hindcast hindcast:
                HindcastRun.Validate(hindcast, ForecastOptions.Default);
                break;
        }
    }
}
