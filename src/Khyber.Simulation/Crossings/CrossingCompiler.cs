using Khyber.Simulation.Engine;
using Khyber.Simulation.Replications;

namespace Khyber.Simulation.Crossings;

/// <summary>Checks a <see cref="CrossingScenario"/> and turns it into the queueing system the replications run.</summary>
internal static class CrossingCompiler
{
    public static QueueingSystem Compile(CrossingScenario scenario, ForecastOptions options)
    {
        var errors = new InputErrors();
        var s = scenario;
        errors.Require(s.Lanes >= 1, "lanes", "must be at least 1");
        errors.Require(s.ServiceRatePerLanePerHour is null or > 0, "serviceRatePerLanePerHour", "must be positive");
        errors.Require(s.Categories.Count > 0, "categories", "needs at least one category");
        errors.Require(s.Categories.Select(c => c.Name).Distinct().Count() == s.Categories.Count, "categories", "names must be unique");
        errors.Require(s.Policy is "fifo" or "green-lane" or "priority", "policy", "must be fifo, green-lane or priority");
        errors.Require(s.PerishableShare is > 0 and <= 1, "perishableShare", "must be above 0 and at most 1");
        errors.Require(s.HorizonHours is > 0 and <= 24 * 366, "horizonHours", "must be positive and at most a year");
        errors.Require(s.WarmupHours >= 0 && s.WarmupHours < s.HorizonHours, "warmupHours", "must be zero or more and below horizonHours");
        errors.Require(s.Replications is >= 2 and <= 100_000, "replications", "must be between 2 and 100000");
        errors.Require(s.StartHourOfDay is >= 0 and < 24, "startHourOfDay", "must be in [0, 24)");
        errors.Require(
            s.OperatingHours is null || (s.OperatingHours.OpenHour is >= 0 and <= 24 && s.OperatingHours.CloseHour is >= 0 and <= 24),
            "operatingHours",
            "hours must be in [0, 24]");
        for (var i = 0; i < s.Closures.Count; i++)
        {
            errors.Require(s.Closures[i].StartHour >= 0 && s.Closures[i].Hours > 0, $"closures[{i}]", "needs startHour ≥ 0 and hours > 0");
        }

        for (var i = 0; i < s.LaneWindows.Count; i++)
        {
            var w = s.LaneWindows[i];
            errors.Require(w.StartHour >= 0 && w.Hours > 0 && w.Lanes >= 0, $"laneWindows[{i}]", "needs startHour ≥ 0, hours > 0 and lanes ≥ 0");
        }

        var names = s.Categories.Select((c, i) => (c.Name, i)).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().i);
        var greenLaneFirst = s.Categories.Select(c => c.Priority == 0 || (c.Priority is null && c.Name == "humanitarian")).ToArray();
        var priorities = s.Categories.Select(c => c.Priority ?? 1).Distinct().Order().ToList();
        var classes = new TruckClass[s.Categories.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            var category = s.Categories[i];
            var path = $"categories[{i}]";
            errors.Require(!string.IsNullOrWhiteSpace(category.Name), $"{path}.name", "is required");
            errors.Require(category.ArrivalsPerHour >= 0, $"{path}.arrivalsPerHour", "must be zero or more");
            errors.Require(
                category.ArrivalsPerHourByHourOfDay is null || (category.ArrivalsPerHourByHourOfDay.Count == 24 && category.ArrivalsPerHourByHourOfDay.All(r => r >= 0)),
                $"{path}.arrivalsPerHourByHourOfDay",
                "needs 24 rates, none negative");
            errors.Require(category.SpoilAfterHours is null or >= 0, $"{path}.spoilAfterHours", "must be zero or more");
            errors.Require(category.ValueUsd >= 0, $"{path}.valueUsd", "must be zero or more");
            errors.Require(category.Service is not null || s.ServiceRatePerLanePerHour is not null, $"{path}.service", "is required when the crossing has no serviceRatePerLanePerHour");

            var service = category.Service?.ToHours(errors, $"{path}.service")
                ?? (s.ServiceRatePerLanePerHour is > 0 and var rate ? Distribution.Exponential(1 / rate) : null);
            var arrivals = category.ArrivalsPerHourByHourOfDay is { Count: 24 } hourly
                ? ArrivalProcess.PoissonByHourOfDay([.. hourly])
                : ArrivalProcess.Poisson(category.ArrivalsPerHour);
            var perishable = category.SpoilAfterHours is not null;
            var group = s.Policy switch
            {
                "fifo" => 0,
                "priority" => priorities.IndexOf(category.Priority ?? 1),
                _ => greenLaneFirst[i] ? 0 : perishable ? 1 : 2,
            };
            classes[i] = new TruckClass(
                category.Name,
                group,
                EarliestSpoilFirst: s.Policy == "green-lane" && perishable,
                arrivals,
                service ?? Distribution.Deterministic(0),
                category.SpoilAfterHours ?? double.PositiveInfinity,
                category.ValueUsd);
        }

        var initial = new List<InitialTruck>();
        for (var i = 0; i < s.InitialQueue.Count; i++)
        {
            var queued = s.InitialQueue[i];
            var path = $"initialQueue[{i}]";
            errors.Require(names.ContainsKey(queued.Category), $"{path}.category", "must name one of the categories");
            errors.Require(queued.Count is >= 0 and <= 1_000_000, $"{path}.count", "must be between 0 and 1000000");
            errors.Require(queued.WaitedMinutes >= 0, $"{path}.waitedMinutes", "must be zero or more");
            errors.Require(queued.ValueUsd is null or >= 0, $"{path}.valueUsd", "must be zero or more");
            if (!names.TryGetValue(queued.Category, out var c))
            {
                continue;
            }

            var category = s.Categories[c];
            var spoilsIn = queued.SpoilsInMinutes is { } minutes
                ? minutes / 60
                : category.SpoilAfterHours is { } limit ? limit - (queued.WaitedMinutes / 60) : double.PositiveInfinity;
            for (var n = 0; n < queued.Count; n++)
            {
                initial.Add(new InitialTruck(c, queued.WaitedMinutes / 60, spoilsIn, queued.ValueUsd ?? category.ValueUsd));
            }
        }

        errors.ThrowIfAny();

        // Trucks at the gate are in the order they have waited, longest first.
        initial.Sort((a, b) => b.WaitedHours.CompareTo(a.WaitedHours));
        var groups = s.Policy switch
        {
            "fifo" => new[] { new CallGroup(0, 1) },
            "priority" => [.. priorities.Select((_, level) => new CallGroup(level, 1))],
            _ => [new CallGroup(0, 1), new CallGroup(1, s.PerishableShare), new CallGroup(1, 1 - s.PerishableShare)],
        };
        var closures = s.Closures.Select(c => (c.StartHour, c.Hours)).ToArray();
        return new QueueingSystem
        {
            Classes = classes,
            Groups = groups,
            LaneSteps = QueueingSystem.BuildLaneSteps(
                s.Lanes,
                closures,
                s.LaneWindows.Select(w => (w.StartHour, w.Hours, w.Lanes)),
                s.OperatingHours is { } op ? (op.OpenHour, op.CloseHour) : null,
                s.StartHourOfDay,
                s.HorizonHours),
            InitialQueue = [.. initial],
            WarmupHours = s.WarmupHours,
            HorizonHours = s.HorizonHours,
            StartHourOfDay = s.StartHourOfDay,
            BacklogStepHours = options.BacklogStepHours,
            Closure = QueueingSystem.LastClosure(closures),
            WaitThresholdsMinutes = [.. options.WaitThresholdsMinutes],
        };
    }
}
