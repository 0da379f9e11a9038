using Khyber.Simulation.Replications;

namespace Khyber.Simulation.QueueModels;

/// <summary>A queueing model stated directly, as analysts (and the validation suite) write it.</summary>
/// <remarks>
/// The JSON shape is <c>{ "kind": "queue", "servers", "systemCapacity", "waitingCapacity", "policy",
/// "classes", "closures", "closureResponse", "warmupHours", "horizonHours", "replications", "seed" }</c>. <c>policy</c> is
/// <c>fifo</c> (one line in arrival order) or <c>priority</c> (non-preemptive: the lowest
/// <c>priority</c> number is called first, arrival order within a priority).
/// </remarks>
public sealed record QueueModel
{
    public string Kind { get; init; } = "queue";

    public int Servers { get; init; } = 1;

    /// <summary>Most trucks in the system, waiting and in service; null for no limit.</summary>
    public int? SystemCapacity { get; init; }

    /// <summary>Most trucks waiting (not in service); arrivals beyond it are turned away. Null for no limit.</summary>
    public int? WaitingCapacity { get; init; }

    /// <summary>How arrivals answer the closures; null: they do not.</summary>
    public ClosureResponse? ClosureResponse { get; init; }

    public string Policy { get; init; } = "fifo";

    public IReadOnlyList<QueueClass> Classes { get; init; } = [];

    public IReadOnlyList<ClosureWindow> Closures { get; init; } = [];

    public double WarmupHours { get; init; }

    public double HorizonHours { get; init; }

    public int Replications { get; init; } = 20;

    public long Seed { get; init; } = 1;

    internal QueueingSystem Compile(ForecastOptions options)
    {
        var errors = new InputErrors();
        errors.Require(Servers >= 1, "servers", "must be at least 1");
        errors.Require(SystemCapacity is null || SystemCapacity >= Servers, "systemCapacity", "must be at least the number of servers");
        errors.Require(WaitingCapacity is null or >= 0, "waitingCapacity", "must be zero or more (null for no limit)");
        errors.Require(Policy is "fifo" or "priority", "policy", "must be fifo or priority");
        errors.Require(Classes.Count > 0, "classes", "needs at least one class");
        errors.Require(HorizonHours > 0, "horizonHours", "must be positive");
        errors.Require(WarmupHours >= 0 && WarmupHours < HorizonHours, "warmupHours", "must be zero or more and below horizonHours");
        errors.Require(Replications >= 2, "replications", "must be at least 2 for a confidence interval");
        for (var i = 0; i < Closures.Count; i++)
        {
            errors.Require(Closures[i].Hours > 0 && Closures[i].StartHour >= 0, $"closures[{i}]", "needs startHour ≥ 0 and hours > 0");
        }

        var closures = Closures.Select(c => (c.StartHour, c.Hours)).ToArray();
        var response = ClosureResponse?.Check(errors, "closureResponse");
        var steps = response is { } r ? QueueingSystem.ClosureSteps(closures, r.During, r.After) : [];
        var priorities = Policy == "priority" ? Classes.Select(c => c.Priority).Distinct().Order().ToList() : [0];
        var classes = new TruckClass[Classes.Count];
        for (var i = 0; i < Classes.Count; i++)
        {
            var spec = Classes[i];
            var path = $"classes[{i}]";
            errors.Require(!string.IsNullOrWhiteSpace(spec.Name) && spec.Name != "all", $"{path}.name", "is required and may not be \"all\"");
            errors.Require(spec.Arrival.RatePerHour >= 0, $"{path}.arrival.ratePerHour", "must be zero or more");
            errors.Require(spec.Arrival.Distribution is "exponential" or "deterministic", $"{path}.arrival.distribution", "must be exponential or deterministic");
            errors.Require(spec.SpoilAfterMinutes is null or >= 0, $"{path}.spoilAfterMinutes", "must be zero or more");
            var service = spec.Service.ToHours(errors, $"{path}.service");
            var patience = spec.Patience?.ToHours(errors, $"{path}.patience");
            var arrivals = spec.Arrival.Distribution == "deterministic"
                ? ArrivalProcess.Regular(spec.Arrival.RatePerHour)
                : ArrivalProcess.Poisson(spec.Arrival.RatePerHour);
            arrivals = arrivals with
            {
                Steps = steps,
            };
            var group = Policy == "priority" ? priorities.IndexOf(spec.Priority) : 0;
            classes[i] = new TruckClass(
                spec.Name,
                group,
                EarliestSpoilFirst: false,
                arrivals,
                service ?? Engine.Distribution.Deterministic(0),
                spec.SpoilAfterMinutes is { } spoil ? spoil / 60 : double.PositiveInfinity,
                ValueUsd: 0)
            {
                PatienceHours = patience,
            };
        }

        errors.Require(Classes.Select(c => c.Name).Distinct().Count() == Classes.Count, "classes", "names must be unique");
        errors.ThrowIfAny();

        return new QueueingSystem
        {
            Classes = classes,
            Groups = priorities.Select((_, level) => new CallGroup(level, 1)).ToArray(),
            Stations =
            [
                new Station("queue", QueueingSystem.BuildLaneSteps(Servers, closures, [], null, 0, HorizonHours))
                {
                    Capacity = SystemCapacity,
                    WaitingCapacity = WaitingCapacity,
                    Closure = QueueingSystem.LastClosure(closures),
                },
            ],
            WarmupHours = WarmupHours,
            HorizonHours = HorizonHours,
            BacklogStepHours = 0,
            WaitThresholdsMinutes = [.. options.WaitThresholdsMinutes],
        };
    }
}

/// <summary>One class of trucks in a <see cref="QueueModel"/>.</summary>
public sealed record QueueClass
{
    public string Name { get; init; } = "";

    /// <summary>Under the <c>priority</c> policy, lower numbers are called first.</summary>
    public int Priority { get; init; }

    public ArrivalSpec Arrival { get; init; } = new();

    public ServiceSpec Service { get; init; } = new();

    /// <summary>A truck whose wait passes this many minutes has spoiled (it is still served).</summary>
    public double? SpoilAfterMinutes { get; init; }

    /// <summary>How long (minutes) a truck of this class waits before it gives up and leaves unserved; null: it waits for ever.</summary>
    /// <remarks>Exponential patience makes M/M/c+M (Erlang A), whose closed form the validation checks.</remarks>
    public ServiceSpec? Patience { get; init; }
}
