using Khyber.Simulation.Replications;

namespace Khyber.Simulation.QueueModels;

/// <summary>The textbook mean wait of a queue model, where one applies, to print beside the simulated one.</summary>
/// <param name="Formula">Which result was used: Erlang C, Pollaczek–Khinchine, Cobham or M/M/c/K.</param>
/// <param name="WaitMinutes">Mean wait in the queue per class name, and for <c>all</c>.</param>
public sealed record ClosedForm(string Formula, IReadOnlyDictionary<string, double> WaitMinutes)
{
    /// <summary>The share of arrivals turned away (M/M/c/K), if the model has a capacity.</summary>
    public double? BlockedFraction { get; init; }

    /// <summary>The share of arrivals that give up (Erlang A), if the model has patience.</summary>
    public double? GaveUpFraction { get; init; }

    /// <summary>Null unless the model is one of: M/M/c or M/G/1 (FIFO), M/G/1 or M/M/c with non-preemptive priority, M/M/c/K (FIFO), M/M/c+M or M/M/c/K+M (Erlang A, FIFO) — all Poisson arrivals, no closure (or change of traffic after one) after the warm-up, stable.</summary>
    /// <remarks>M/M/c forms need one exponential service time common to all classes, Erlang A one exponential patience common to all; for Erlang A the wait is that of the trucks served.</remarks>
    public static ClosedForm? For(QueueModel model)
    {
        QueueingSystem system;
        try
        {
            system = model.Compile(ForecastOptions.Default);
        }
        catch (ForecastInputException)
        {
            return null;
        }

        var classes = system.Classes;
        // A closure over before the warm-up ends is a transient like the empty start, which the
        // warm-up is there to discard; one after it makes the model non-stationary.
        if (model.Closures.Any(w => w.StartHour + w.Hours > model.WarmupHours)
            || classes.Any(c => c.Arrivals.Deterministic || c.Arrivals.RatePerHour <= 0 || c.Arrivals.Steps.Any(s => s.AtHours > model.WarmupHours)))
        {
            return null;
        }

        var c = model.Servers;
        var lambdas = classes.Select(k => k.Arrivals.RatePerHour).ToArray();
        var lambda = lambdas.Sum();
        var commonExponential = classes.All(k => k.ServiceHours.Kind == Engine.DistributionKind.Exponential)
            && classes.Select(k => k.ServiceHours.Mean).Distinct().Count() == 1;
        var mu = 1 / classes[0].ServiceHours.Mean;

        // Priority levels in calling order, each with its arrival rate and service moments (mixed by rate).
        var levels = classes.Select((k, i) => (k.Group, Lambda: lambdas[i], k.ServiceHours.Mean, k.ServiceHours.SecondMoment))
            .GroupBy(x => x.Group).OrderBy(g => g.Key)
            .Select(g => (Lambda: g.Sum(x => x.Lambda), Mean: g.Sum(x => x.Lambda * x.Mean) / g.Sum(x => x.Lambda), Second: g.Sum(x => x.Lambda * x.SecondMoment) / g.Sum(x => x.Lambda)))
            .ToArray();
        var load = levels.Sum(l => l.Lambda * l.Mean) / c;

        // A limit on the waiting line is a limit on the system while every server is busy.
        int? systemCapacity = (model.SystemCapacity, model.WaitingCapacity) switch
        {
            ({ } k, { } w) => Math.Min(k, c + w),
            ({ } k, null) => k,
            (null, { } w) => c + w,
            _ => null,
        };

        string formula;
        double[] levelWaits;
        double? blocked = null, gaveUp = null;
        if (classes.Any(k => k.PatienceHours is not null))
        {
            var patience = classes[0].PatienceHours;
            if (levels.Length > 1 || !commonExponential || patience is not { Kind: Engine.DistributionKind.Exponential }
                || classes.Any(k => k.PatienceHours is not { Kind: Engine.DistributionKind.Exponential } p || p.Mean != patience.Mean))
            {
                return null;
            }

            formula = systemCapacity is { } k ? $"M/M/{c}/{k}+M (Erlang A)" : $"Erlang A (M/M/{c}+M)";
            var erlangA = QueueingTheory.ErlangA(c, lambda, mu, 1 / patience.Mean, systemCapacity);
            levelWaits = [erlangA.WaitServed];
            gaveUp = erlangA.Abandoned;
            blocked = systemCapacity is null ? null : erlangA.Blocked;
        }
        else if (systemCapacity is { } capacity)
        {
            if (levels.Length > 1 || !commonExponential)
            {
                return null;
            }

            formula = $"M/M/{c}/{capacity}";
            levelWaits = [QueueingTheory.MmcKWait(c, capacity, lambda, mu)];
            blocked = QueueingTheory.MmcKBlocking(c, capacity, lambda, mu);
        }
        else if (load >= 1)
        {
            return null;
        }
        else if (c == 1)
        {
            formula = levels.Length > 1 ? "Cobham (M/G/1, priority)" : "Pollaczek–Khinchine";
            levelWaits = QueueingTheory.CobhamSingleServer([.. levels.Select(l => l.Lambda)], [.. levels.Select(l => l.Mean)], [.. levels.Select(l => l.Second)]);
        }
        else if (commonExponential)
        {
            formula = levels.Length > 1 ? $"Cobham (M/M/{c}, priority)" : $"Erlang C (M/M/{c})";
            levelWaits = QueueingTheory.CobhamMultiServer(c, [.. levels.Select(l => l.Lambda)], mu);
        }
        else
        {
            return null;
        }

        var waits = new Dictionary<string, double>();
        for (var i = 0; i < classes.Length; i++)
        {
            waits[classes[i].Name] = levelWaits[classes[i].Group] * 60;
        }

        waits["all"] = classes.Select((k, i) => lambdas[i] * waits[k.Name]).Sum() / lambda;
        return new ClosedForm(formula, waits) { BlockedFraction = blocked, GaveUpFraction = gaveUp };
    }
}
