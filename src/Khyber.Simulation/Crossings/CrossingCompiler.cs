using Khyber.Simulation.Engine;
using Khyber.Simulation.Replications;

namespace Khyber.Simulation.Crossings;

/// <summary>Checks a <see cref="CrossingScenario"/> and turns it into the queueing system the replications run.</summary>
internal static class CrossingCompiler
{
    public static QueueingSystem Compile(CrossingScenario scenario, ForecastOptions options)
    {
        var errors = new InputErrors();
        CheckRun(scenario.WarmupHours, scenario.HorizonHours, scenario.Replications, errors);
        var builder = new SystemBuilder();
        AddCrossing(builder, scenario, scenario.HorizonHours, "", null, null, errors);
        errors.ThrowIfAny();
        return builder.Build(scenario.WarmupHours, scenario.HorizonHours, options);
    }

    /// <summary>The run-level settings: how long, from when, how often.</summary>
    public static void CheckRun(double warmupHours, double horizonHours, int replications, InputErrors errors)
    {
        errors.Require(horizonHours is > 0 and <= 24 * 366, "horizonHours", "must be positive and at most a year");
        errors.Require(warmupHours >= 0 && warmupHours < horizonHours, "warmupHours", "must be zero or more and below horizonHours");
        errors.Require(replications is >= 2 and <= 100_000, "replications", "must be between 2 and 100000");
    }

    /// <summary>Adds one crossing (one direction) as a station of <paramref name="builder"/>; field paths in errors start with <paramref name="path"/>.</summary>
    /// <remarks><paramref name="startsAt"/> and <paramref name="timeZone"/> are the network's, used when the crossing does not state its own.</remarks>
    public static void AddCrossing(
        SystemBuilder builder,
        CrossingScenario s,
        double horizonHours,
        string path,
        DateTimeOffset? startsAt,
        string? timeZone,
        InputErrors errors)
    {
        errors.Require(s.Lanes >= 1, $"{path}lanes", "must be at least 1");
        errors.Require(s.ServiceRatePerLanePerHour is null or > 0, $"{path}serviceRatePerLanePerHour", "must be positive");
        errors.Require(s.Categories.Count > 0, $"{path}categories", "needs at least one category");
        errors.Require(s.Categories.Select(c => c.Name).Distinct().Count() == s.Categories.Count, $"{path}categories", "names must be unique");
        errors.Require(s.Policy is "fifo" or "green-lane" or "priority", $"{path}policy", "must be fifo, green-lane or priority");
        errors.Require(s.PerishableShare is > 0 and <= 1, $"{path}perishableShare", "must be above 0 and at most 1");
        errors.Require(s.StartHourOfDay is >= 0 and < 24, $"{path}startHourOfDay", "must be in [0, 24)");
        errors.Require(s.ParkingCapacity is null or >= 0, $"{path}parkingCapacity", "must be zero or more (null for no limit)");
        errors.Require(
            s.OperatingHours is null || (s.OperatingHours.OpenHour is >= 0 and <= 24 && s.OperatingHours.CloseHour is >= 0 and <= 24),
            $"{path}operatingHours",
            "hours must be in [0, 24]");
        for (var i = 0; i < s.Closures.Count; i++)
        {
            errors.Require(s.Closures[i].StartHour >= 0 && s.Closures[i].Hours > 0, $"{path}closures[{i}]", "needs startHour ≥ 0 and hours > 0");
        }

        for (var i = 0; i < s.LaneWindows.Count; i++)
        {
            var w = s.LaneWindows[i];
            errors.Require(w.StartHour >= 0 && w.Hours > 0 && w.Lanes >= 0, $"{path}laneWindows[{i}]", "needs startHour ≥ 0, hours > 0 and lanes ≥ 0");
        }

        var (startHour, startDay) = LocalClock.Resolve(s.StartsAt ?? startsAt, s.TimeZone ?? (s.StartsAt is null ? timeZone : null), s.StartHourOfDay, s.StartDayOfWeek, horizonHours, errors, path);
        if (s.StartsAt is not null && startsAt is not null && s.StartsAt != startsAt)
        {
            errors.Add($"{path}startsAt", "differs from the network's startsAt: every crossing of a network starts at the same instant");
        }

        var letThrough = s.LetThrough ?? [];
        for (var j = 0; j < letThrough.Count; j++)
        {
            errors.Require(s.Categories.Any(c => c.Name == letThrough[j]), $"{path}letThrough[{j}]", "must name one of the categories");
        }

        errors.Require(s.LetThroughLanes is null or >= 1, $"{path}letThroughLanes", "must be at least 1");
        var letThroughLanes = letThrough.Count == 0 ? 0 : Math.Max(1, s.LetThroughLanes ?? s.Lanes);
        var closures = s.Closures.Select(c => (c.StartHour, c.Hours)).ToArray();
        var weekly = s.ArrivalsByDayOfWeek?.Check(errors, $"{path}arrivalsByDayOfWeek");
        var response = s.ClosureResponse?.Check(errors, $"{path}closureResponse");
        var station = builder.Stations.Count;
        var classOffset = builder.Classes.Count;
        var groupOffset = builder.Groups.Count;
        var names = s.Categories.Select((c, i) => (c.Name, i)).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().i);
        var greenLaneFirst = s.Categories.Select(c => c.Priority == 0 || (c.Priority is null && c.Name == "humanitarian")).ToArray();
        var priorities = s.Categories.Select(c => c.Priority ?? 1).Distinct().Order().ToList();
        var needsDay = weekly is not null;
        for (var i = 0; i < s.Categories.Count; i++)
        {
            var category = s.Categories[i];
            var at = $"{path}categories[{i}]";
            errors.Require(!string.IsNullOrWhiteSpace(category.Name) && category.Name != "all", $"{at}.name", "is required and may not be \"all\"");
            errors.Require(category.ArrivalsPerHour >= 0 && double.IsFinite(category.ArrivalsPerHour), $"{at}.arrivalsPerHour", "must be zero or more");
            errors.Require(
                category.ArrivalsPerHourByHourOfDay is null || category.ArrivalsPerHourByHourOfDay.Count == 24,
                $"{at}.arrivalsPerHourByHourOfDay",
                $"has {category.ArrivalsPerHourByHourOfDay?.Count} rates: the profile must cover the day, one rate for each of the 24 hours (0–23)");
            errors.Require(
                category.ArrivalsPerHourByHourOfDay is null || category.ArrivalsPerHourByHourOfDay.All(r => r >= 0 && double.IsFinite(r)),
                $"{at}.arrivalsPerHourByHourOfDay",
                "rates must be zero or more");
            errors.Require(category.SpoilAfterHours is null or >= 0, $"{at}.spoilAfterHours", "must be zero or more");
            errors.Require(category.ValueUsd >= 0, $"{at}.valueUsd", "must be zero or more");
            errors.Require(category.Service is not null || s.ServiceRatePerLanePerHour is not null, $"{at}.service", "is required when the crossing has no serviceRatePerLanePerHour");

            var service = category.Service?.ToHours(errors, $"{at}.service")
                ?? (s.ServiceRatePerLanePerHour is > 0 and var rate ? Distribution.Exponential(1 / rate) : null);
            var patience = category.Patience?.ToHours(errors, $"{at}.patience");
            var categoryWeekly = category.ArrivalsByDayOfWeek?.Check(errors, $"{at}.arrivalsByDayOfWeek") ?? weekly;
            needsDay |= category.ArrivalsByDayOfWeek is not null;
            var categoryResponse = category.ClosureResponse?.Check(errors, $"{at}.closureResponse") ?? response;
            var arrivals = category.ArrivalsPerHourByHourOfDay is { Count: 24 } hourly && hourly.All(r => r >= 0)
                ? ArrivalProcess.PoissonByHourOfDay([.. hourly])
                : ArrivalProcess.Poisson(Math.Max(0, category.ArrivalsPerHour));
            arrivals = arrivals with
            {
                DailyFactors = categoryWeekly,
                Steps = categoryResponse is { } r ? QueueingSystem.ClosureSteps(closures, r.During, r.After) : [],
            };
            var perishable = category.SpoilAfterHours is not null;
            var group = s.Policy switch
            {
                "fifo" => 0,
                "priority" => priorities.IndexOf(category.Priority ?? 1),
                _ => greenLaneFirst[i] ? 0 : perishable ? 1 : 2,
            };
            builder.Classes.Add(new TruckClass(
                category.Name,
                groupOffset + Math.Max(0, group),
                EarliestSpoilFirst: s.Policy == "green-lane" && perishable,
                arrivals,
                service ?? Distribution.Deterministic(0),
                category.SpoilAfterHours ?? double.PositiveInfinity,
                category.ValueUsd)
            {
                Station = station,
                PatienceHours = patience,
                LetThrough = letThrough.Contains(category.Name),
            });
        }

        if (needsDay && startDay is null)
        {
            errors.Add($"{path}arrivalsByDayOfWeek", "needs the day the forecast starts: give startsAt (with timeZone) or startDayOfWeek");
        }

        var initial = new List<InitialTruck>();
        for (var i = 0; i < s.InitialQueue.Count; i++)
        {
            var queued = s.InitialQueue[i];
            var at = $"{path}initialQueue[{i}]";
            errors.Require(names.ContainsKey(queued.Category), $"{at}.category", "must name one of the categories");
            errors.Require(queued.Count is >= 0 and <= 1_000_000, $"{at}.count", "must be between 0 and 1000000");
            errors.Require(queued.WaitedMinutes >= 0, $"{at}.waitedMinutes", "must be zero or more");
            errors.Require(queued.ValueUsd is null or >= 0, $"{at}.valueUsd", "must be zero or more");
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
                initial.Add(new InitialTruck(classOffset + c, queued.WaitedMinutes / 60, spoilsIn, queued.ValueUsd ?? category.ValueUsd));
            }
        }

        // Trucks at the gate are in the order they have waited, longest first.
        initial.Sort((a, b) => b.WaitedHours.CompareTo(a.WaitedHours));
        builder.Initial.AddRange(initial);

        var groups = s.Policy switch
        {
            "fifo" => new[] { new CallGroup(0, 1) },
            "priority" => [.. priorities.Select((_, level) => new CallGroup(level, 1))],
            _ => [new CallGroup(0, 1), new CallGroup(1, s.PerishableShare), new CallGroup(1, 1 - s.PerishableShare)],
        };
        builder.Groups.AddRange(groups.Select(g => g with { Station = station }));
        builder.Stations.Add(new Station(
            s.Name,
            QueueingSystem.BuildLaneSteps(
                Math.Max(1, s.Lanes),
                closures,
                s.LaneWindows.Select(w => (w.StartHour, w.Hours, w.Lanes)),
                s.OperatingHours is { } op ? (op.OpenHour, op.CloseHour) : null,
                startHour,
                horizonHours,
                letThroughLanes))
        {
            WaitingCapacity = s.ParkingCapacity,
            Closure = QueueingSystem.LastClosure(closures),
            StartHourOfDay = startHour,
            StartDayOfWeek = startDay ?? 0,
        });
    }
}

/// <summary>Collects the stations, classes, call groups and initial trucks of a system, crossing by crossing.</summary>
internal sealed class SystemBuilder
{
    public List<TruckClass> Classes { get; } = [];

    public List<CallGroup> Groups { get; } = [];

    public List<Station> Stations { get; } = [];

    public List<InitialTruck> Initial { get; } = [];

    public QueueingSystem Build(double warmupHours, double horizonHours, ForecastOptions options) => new()
    {
        Classes = [.. Classes],
        Groups = [.. Groups],
        Stations = [.. Stations],
        InitialQueue = [.. Initial],
        WarmupHours = warmupHours,
        HorizonHours = horizonHours,
        BacklogStepHours = options.BacklogStepHours,
        WaitThresholdsMinutes = [.. options.WaitThresholdsMinutes],
    };
}
