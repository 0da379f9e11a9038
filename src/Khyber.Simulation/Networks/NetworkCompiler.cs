using Khyber.Simulation.Crossings;
using Khyber.Simulation.Replications;

namespace Khyber.Simulation.Networks;

/// <summary>Checks a <see cref="NetworkScenario"/> and turns it into one queueing system with a station per crossing.</summary>
internal static class NetworkCompiler
{
    public static QueueingSystem Compile(NetworkScenario network, ForecastOptions options)
    {
        var errors = new InputErrors();
        CrossingCompiler.CheckRun(network.WarmupHours, network.HorizonHours, network.Replications, errors);
        errors.Require(network.Crossings.Count > 0, "crossings", "needs at least one crossing");
        var stations = new Dictionary<string, int>();
        var classOffsets = new int[network.Crossings.Count];
        var builder = new SystemBuilder();
        for (var i = 0; i < network.Crossings.Count; i++)
        {
            var crossing = network.Crossings[i];
            var path = $"crossings[{i}].";
            if (string.IsNullOrWhiteSpace(crossing.Name) || !stations.TryAdd(crossing.Name, i))
            {
                errors.Add($"{path}name", "must be given and differ from every other crossing's: diversions name crossings by it");
            }

            classOffsets[i] = builder.Classes.Count;
            CrossingCompiler.AddCrossing(builder, crossing, network.HorizonHours, path, network.StartsAt, network.TimeZone, errors);
        }

        var routes = builder.Classes.Select(_ => new List<DiversionRoute>()).ToArray();
        for (var j = 0; j < network.Diversions.Count; j++)
        {
            var d = network.Diversions[j];
            var path = $"diversions[{j}]";
            var known = stations.TryGetValue(d.From ?? "", out var from) & stations.TryGetValue(d.To ?? "", out var to);
            errors.Require(stations.ContainsKey(d.From ?? ""), $"{path}.from", $"must name one of the crossings ({string.Join(", ", stations.Keys)})");
            errors.Require(stations.ContainsKey(d.To ?? ""), $"{path}.to", $"must name one of the crossings ({string.Join(", ", stations.Keys)})");
            errors.Require(!known || from != to, $"{path}.to", "must differ from from: a truck that gives up does not rejoin the same queue");
            errors.Require(d.ShareOfGaveUp is >= 0 and <= 1, $"{path}.shareOfGaveUp", "must be between 0 and 1");
            errors.Require(d.ShareOfTurnedAway is >= 0 and <= 1, $"{path}.shareOfTurnedAway", "must be between 0 and 1");
            errors.Require(d.TravelHours >= 0 && double.IsFinite(d.TravelHours), $"{path}.travelHours", "must be zero or more");
            errors.Require(d.ShareOfGaveUp > 0 || d.ShareOfTurnedAway > 0, path, "diverts nobody: give shareOfGaveUp or shareOfTurnedAway above 0");
            if (!known || from == to)
            {
                continue;
            }

            var fromCategories = network.Crossings[from].Categories.Select(c => c.Name).ToList();
            var toCategories = network.Crossings[to].Categories.Select(c => c.Name).ToList();
            var categories = d.Categories ?? [.. fromCategories.Intersect(toCategories)];
            errors.Require(categories.Count > 0, $"{path}.categories", $"{d.From} and {d.To} have no category in common");
            for (var k = 0; k < categories.Count; k++)
            {
                var source = fromCategories.IndexOf(categories[k]);
                var target = toCategories.IndexOf(categories[k]);
                errors.Require(source >= 0, $"{path}.categories[{k}]", $"\"{categories[k]}\" is not a category of {d.From}");
                errors.Require(target >= 0, $"{path}.categories[{k}]", $"\"{categories[k]}\" is not a category of {d.To}");
                if (source >= 0 && target >= 0)
                {
                    routes[classOffsets[from] + source].Add(new DiversionRoute(classOffsets[to] + target, d.ShareOfGaveUp, d.ShareOfTurnedAway, d.TravelHours));
                }
            }
        }

        // What leaves a category at one crossing can be shared out at most once.
        for (var c = 0; c < routes.Length; c++)
        {
            var station = builder.Classes[c].Station;
            if (routes[c].Sum(r => r.ShareOfGaveUp) > 1 + 1e-9)
            {
                errors.Add("diversions", $"the shares of the {builder.Classes[c].Name} trucks that give up at {network.Crossings[station].Name} add up to {routes[c].Sum(r => r.ShareOfGaveUp):0.###}; at most 1");
            }

            if (routes[c].Sum(r => r.ShareOfTurnedAway) > 1 + 1e-9)
            {
                errors.Add("diversions", $"the shares of the {builder.Classes[c].Name} trucks turned away at {network.Crossings[station].Name} add up to {routes[c].Sum(r => r.ShareOfTurnedAway):0.###}; at most 1");
            }

            builder.Classes[c] = builder.Classes[c] with { Diversions = [.. routes[c]] };
        }

        errors.ThrowIfAny();
        return builder.Build(network.WarmupHours, network.HorizonHours, options);
    }
}
