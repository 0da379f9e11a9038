namespace Khyber.Simulation.QueueModels;

/// <summary>Closed-form results the simulation is checked against. Rates per hour, times in hours unless named otherwise.</summary>
public static class QueueingTheory
{
    /// <summary>Erlang C: the probability that an arrival to M/M/c waits, for offered load a = λ/μ.</summary>
    public static double ErlangC(int c, double a)
    {
        // Erlang B by its stable recursion, then C from B.
        var b = 1.0;
        for (var k = 1; k <= c; k++)
        {
            b = a * b / (k + (a * b));
        }

        var rho = a / c;
        return b / (1 - (rho * (1 - b)));
    }

    /// <summary>Mean wait in queue of M/M/c.</summary>
    public static double MmcWait(int c, double lambda, double mu) => ErlangC(c, lambda / mu) / ((c * mu) - lambda);

    /// <summary>P(Wq &gt; t) of M/M/c (FIFO).</summary>
    public static double MmcWaitAbove(int c, double lambda, double mu, double t) =>
        ErlangC(c, lambda / mu) * Math.Exp(-((c * mu) - lambda) * t);

    /// <summary>The p-quantile of the M/M/c wait in queue: zero when an arrival waits with probability below 1 − p.</summary>
    public static double MmcWaitQuantile(int c, double lambda, double mu, double p)
    {
        var waits = ErlangC(c, lambda / mu);
        return waits <= 1 - p ? 0 : Math.Log(waits / (1 - p)) / ((c * mu) - lambda);
    }

    /// <summary>Pollaczek–Khinchine: mean wait in queue of M/G/1 from the service time's first two moments.</summary>
    public static double PollaczekKhinchine(double lambda, double meanService, double secondMoment) =>
        lambda * secondMoment / (2 * (1 - (lambda * meanService)));

    /// <summary>M/M/c/K: the stationary distribution of the number in system.</summary>
    public static double[] MmcKDistribution(int c, int capacity, double lambda, double mu)
    {
        var a = lambda / mu;
        var p = new double[capacity + 1];
        p[0] = 1;
        for (var n = 1; n <= capacity; n++)
        {
            p[n] = p[n - 1] * a / Math.Min(n, c);
        }

        var total = p.Sum();
        return [.. p.Select(x => x / total)];
    }

    public static double MmcKBlocking(int c, int capacity, double lambda, double mu) => MmcKDistribution(c, capacity, lambda, mu)[capacity];

    /// <summary>M/M/c/K mean wait in queue of admitted trucks, by Little's law.</summary>
    public static double MmcKWait(int c, int capacity, double lambda, double mu)
    {
        var p = MmcKDistribution(c, capacity, lambda, mu);
        var queue = 0.0;
        for (var n = c + 1; n <= capacity; n++)
        {
            queue += (n - c) * p[n];
        }

        return queue / (lambda * (1 - p[capacity]));
    }

    /// <summary>
    /// Cobham: mean wait of each class under non-preemptive priority in M/G/1, class 0 first.
    /// W_k = W0 / ((1 − σ_{k−1})(1 − σ_k)) with W0 = Σ λ_i E[S_i²] / 2 and σ_k the load of classes 0..k.
    /// </summary>
    public static double[] CobhamSingleServer(double[] lambdas, double[] means, double[] secondMoments)
    {
        var w0 = lambdas.Zip(secondMoments, (l, s2) => l * s2).Sum() / 2;
        return Cobham(w0, lambdas.Zip(means, (l, m) => l * m).ToArray());
    }

    /// <summary>
    /// Cobham for c servers with one exponential service rate μ shared by all classes:
    /// W0 = C(c, a) / (cμ), the loads are λ_i / (cμ).
    /// </summary>
    public static double[] CobhamMultiServer(int c, double[] lambdas, double mu)
    {
        var w0 = ErlangC(c, lambdas.Sum() / mu) / (c * mu);
        return Cobham(w0, [.. lambdas.Select(l => l / (c * mu))]);
    }

    private static double[] Cobham(double w0, double[] loads)
    {
        var waits = new double[loads.Length];
        var before = 0.0;
        for (var k = 0; k < loads.Length; k++)
        {
            var upTo = before + loads[k];
            waits[k] = w0 / ((1 - before) * (1 - upTo));
            before = upTo;
        }

        return waits;
    }
}
