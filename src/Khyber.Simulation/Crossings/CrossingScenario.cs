namespace Khyber.Simulation.Crossings;

/// <summary>"If this direction closes for 72 hours from now, what happens?" — one direction of a crossing and what may happen to it.</summary>
/// <remarks>
/// Times are hours from the start of the forecast (offset 0 = now). Each cargo category arrives at
/// its own rate; every open lane clears <see cref="ServiceRatePerLanePerHour"/> trucks an hour on
/// average (exponential service times) unless a category states its own <c>service</c>.
/// </remarks>
public sealed record CrossingScenario
{
    public string Kind { get; init; } = "crossing";

    public string Name { get; init; } = "baseline";

    /// <summary>Lanes open when the gate is open.</summary>
    public int Lanes { get; init; } = 1;

    /// <summary>Trucks one lane clears per hour, for categories without their own service time.</summary>
    public double? ServiceRatePerLanePerHour { get; init; }

    public IReadOnlyList<CargoFlow> Categories { get; init; } = [];

    /// <summary>Windows during which the gate is shut. The time to clear is measured from the end of the last one.</summary>
    public IReadOnlyList<ClosureWindow> Closures { get; init; } = [];

    /// <summary>Windows with fewer lanes open (staff shortage, works).</summary>
    public IReadOnlyList<LaneWindow> LaneWindows { get; init; } = [];

    /// <summary>Daily opening hours in the crossing's local time; null for 24/7.</summary>
    public OperatingHours? OperatingHours { get; init; }

    /// <summary>Local hour of day at offset 0, for operating hours and hour-of-day arrival rates (when <see cref="StartsAt"/> is not given).</summary>
    public double StartHourOfDay { get; init; }

    /// <summary>Local day of the week at offset 0 (<c>monday</c> … <c>sunday</c>), for <see cref="ArrivalsByDayOfWeek"/> (when <see cref="StartsAt"/> is not given).</summary>
    public string? StartDayOfWeek { get; init; }

    /// <summary>The instant of offset 0; with <see cref="TimeZone"/> it gives the local hour and day.</summary>
    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>The crossing's time zone: an IANA name (<c>Asia/Karachi</c>) or an offset (<c>+05:00</c>); without it, the offset of <see cref="StartsAt"/>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Most trucks that can wait (parking, the road up to the gate); arrivals beyond it are turned away. Null for no limit.</summary>
    public int? ParkingCapacity { get; init; }

    /// <summary>Factors on every category's arrivals by local day of the week (a category may state its own).</summary>
    public WeekProfile? ArrivalsByDayOfWeek { get; init; }

    /// <summary>How arrivals answer the closures (a category may state its own); null: they do not.</summary>
    public ClosureResponse? ClosureResponse { get; init; }

    /// <summary><c>fifo</c>, <c>green-lane</c> or <c>priority</c>.</summary>
    /// <remarks>
    /// <c>green-lane</c>: humanitarian cargo (or any category with priority 0) is called first;
    /// perishables (categories with a spoil limit) get <see cref="PerishableShare"/> of the other calls,
    /// earliest-spoiling first; the rest share what is left in arrival order. Nobody is preempted.
    /// <c>priority</c>: strictly by each category's priority number, arrival order within one.
    /// </remarks>
    public string Policy { get; init; } = "fifo";

    public double PerishableShare { get; init; } = 0.5;

    /// <summary>Categories let through during the closures (perishables, humanitarian aid): their trucks keep crossing on <see cref="LetThroughLanes"/> while the gate is shut to the rest; null or empty: none.</summary>
    public IReadOnlyList<string>? LetThrough { get; init; }

    /// <summary>Lanes kept open for <see cref="LetThrough"/> during a closure; null: <see cref="Lanes"/>.</summary>
    public int? LetThroughLanes { get; init; }

    /// <summary>Trucks already waiting at offset 0.</summary>
    public IReadOnlyList<QueuedTrucks> InitialQueue { get; init; } = [];

    public double WarmupHours { get; init; }

    public double HorizonHours { get; init; } = 168;

    public int Replications { get; init; } = 200;

    public long Seed { get; init; } = 1;

    /// <summary>A variant to forecast side by side (another policy, more lanes, 24/7), with the same random numbers.</summary>
    public CrossingAlternative? Alternative { get; init; }

    /// <summary>This scenario with the alternative's changes applied.</summary>
    public CrossingScenario With(CrossingAlternative alternative) => this with
    {
        Name = alternative.Name,
        Policy = alternative.Policy ?? Policy,
        PerishableShare = alternative.PerishableShare ?? PerishableShare,
        Lanes = alternative.Lanes ?? Lanes,
        ServiceRatePerLanePerHour = alternative.ServiceRatePerLanePerHour ?? ServiceRatePerLanePerHour,
        OperatingHours = alternative.AllDay == true ? null : OperatingHours,
        Closures = alternative.Closures ?? Closures,
        LaneWindows = alternative.LaneWindows ?? LaneWindows,
        LetThrough = alternative.LetThrough ?? LetThrough,
        LetThroughLanes = alternative.LetThroughLanes ?? LetThroughLanes,
        Alternative = null,
    };
}

/// <summary>How trucks of one cargo category come to the crossing.</summary>
public sealed record CargoFlow
{
    /// <summary><c>perishable</c>, <c>humanitarian</c>, <c>general</c>, <c>transit</c>, <c>empty</c>, <c>hazardous</c>, or any other name.</summary>
    public string Name { get; init; } = "";

    public double ArrivalsPerHour { get; init; }

    /// <summary>24 rates by local hour of day, replacing <see cref="ArrivalsPerHour"/> when given.</summary>
    public IReadOnlyList<double>? ArrivalsPerHourByHourOfDay { get; init; }

    /// <summary>Service time at a lane; null uses the crossing's <c>serviceRatePerLanePerHour</c>.</summary>
    public ServiceSpec? Service { get; init; }

    /// <summary>A truck whose wait passes this has spoiled (it still crosses); null for cargo that does not spoil.</summary>
    public double? SpoilAfterHours { get; init; }

    /// <summary>Value of one truck's cargo, counted when it spoils.</summary>
    public double ValueUsd { get; init; }

    /// <summary>For the <c>priority</c> policy (lower first), and 0 marks a category called first under <c>green-lane</c>.</summary>
    public int? Priority { get; init; }

    /// <summary>How long a truck of this category waits before it gives up (turns back, unloads, or drives to another crossing); null: it waits for ever.</summary>
    public PatienceSpec? Patience { get; init; }

    /// <summary>Factors on this category's arrivals by day of the week, replacing the scenario's.</summary>
    public WeekProfile? ArrivalsByDayOfWeek { get; init; }

    /// <summary>How this category's arrivals answer a closure, replacing the scenario's.</summary>
    public ClosureResponse? ClosureResponse { get; init; }
}

public sealed record LaneWindow(double StartHour, double Hours, int Lanes);

/// <summary>Daily opening and closing, local hours (0–24); closing before opening means open overnight.</summary>
public sealed record OperatingHours(double OpenHour, double CloseHour);

/// <summary>Trucks of one category already waiting: one truck each, or <see cref="Count"/> alike.</summary>
public sealed record QueuedTrucks
{
    public string Category { get; init; } = "";

    public int Count { get; init; } = 1;

    /// <summary>How long they have already waited; it counts towards their wait and their spoiling.</summary>
    public double WaitedMinutes { get; init; }

    /// <summary>Minutes left until the cargo spoils, when known from the truck itself (shelf life); otherwise the category's limit less the wait.</summary>
    public double? SpoilsInMinutes { get; init; }

    /// <summary>Value of each truck's cargo; null uses the category's.</summary>
    public double? ValueUsd { get; init; }
}

/// <summary>Changes to a scenario for a side-by-side comparison; null leaves a field as it is.</summary>
public sealed record CrossingAlternative
{
    public string Name { get; init; } = "alternative";

    public string? Policy { get; init; }

    public double? PerishableShare { get; init; }

    public int? Lanes { get; init; }

    public double? ServiceRatePerLanePerHour { get; init; }

    /// <summary>True to run 24/7, ignoring the operating hours.</summary>
    public bool? AllDay { get; init; }

    public IReadOnlyList<ClosureWindow>? Closures { get; init; }

    public IReadOnlyList<LaneWindow>? LaneWindows { get; init; }

    public IReadOnlyList<string>? LetThrough { get; init; }

    public int? LetThroughLanes { get; init; }
}
