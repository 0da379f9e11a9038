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

    /// <summary>
    /// M/M/c+M (Erlang A) and, with <paramref name="capacity"/>, M/M/c/K+M: c servers at rate μ, Poisson
    /// arrivals at rate λ, and every waiting customer abandons at rate θ (exponential patience of mean 1/θ),
    /// first come first served; arrivals finding K in the system are blocked.
    /// </summary>
    /// <remarks>
    /// The number in system is a birth–death process with births λ (below K) and deaths
    /// min(n, c)μ + (n − c)⁺θ, so π_n ∝ Π λ / death_i, summed until the terms vanish (θ &gt; 0 makes them
    /// fall off even when λ ≥ cμ). An arrival that finds n ≥ c joins at position k = n − c + 1; until it
    /// reaches a server, the position drops at rate cμ + (k − 1)θ (a service ends, or someone ahead gives
    /// up) while it gives up itself at rate θ. Competing exponentials give P(served | k) = Π_{j=1..k}
    /// (cμ + (j − 1)θ) / (cμ + jθ) = cμ / (cμ + kθ) and, since the time of each step is independent of
    /// which event ends it, E[W | served, k] = Σ_{j=1..k} 1 / (cμ + jθ). PASTA averages both over π.
    /// The abandonment rate is also θ·E[Q], which the tests use to check the sum independently.
    /// </remarks>
    public static Abandonment ErlangA(int c, double lambda, double mu, double theta, int? capacity = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(c, 1);
        if (!(lambda > 0 && mu > 0 && theta >= 0) || capacity < c)
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), "Need λ > 0, μ > 0, θ ≥ 0 and K ≥ c.");
        }

        if (capacity is null && theta == 0 && lambda >= c * mu)
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), "Without patience or capacity the queue is stable only for λ < cμ.");
        }

        // Logarithms of the unnormalised π_n, until they are negligible (or n = K).
        var logTerms = new List<double> { 0 };
        var maxLog = 0.0;
        for (var n = 1; capacity is null || n <= capacity; n++)
        {
            var death = (Math.Min(n, c) * mu) + (Math.Max(n - c, 0) * theta);
            var log = logTerms[^1] + Math.Log(lambda / death);
            logTerms.Add(log);
            maxLog = Math.Max(maxLog, log);
            if (capacity is null && n > c && log < maxLog - 50 && lambda < death)
            {
                break;
            }

            if (n > 50_000_000)
            {
                throw new InvalidOperationException("The birth–death sum does not converge.");
            }
        }

        var p = logTerms.Select(l => Math.Exp(l - maxLog)).ToArray();
        var total = p.Sum();
        for (var n = 0; n < p.Length; n++)
        {
            p[n] /= total;
        }

        var last = p.Length - 1;
        var blocked = capacity is null ? 0 : p[last];
        var admitted = p.Length - (capacity is null ? 0 : 1); // states in which an arrival is let in
        double queue = 0, served = 0, abandoned = 0, waitServed = 0, harmonic = 0;
        var serviceRate = c * mu;
        for (var n = 0; n < p.Length; n++)
        {
            queue += Math.Max(n - c, 0) * p[n];
            if (n >= admitted)
            {
                continue;
            }

            if (n < c)
            {
                served += p[n];
                continue;
            }

            var k = n - c + 1;
            harmonic += 1 / (serviceRate + (k * theta));
            var servedHere = serviceRate / (serviceRate + (k * theta));
            served += p[n] * servedHere;
            abandoned += p[n] * (1 - servedHere);
            waitServed += p[n] * servedHere * harmonic;
        }

        return new Abandonment(blocked, abandoned, served, waitServed / served, queue / (lambda * (1 - blocked)), queue);
    }
}

/// <summary>Steady state of M/M/c/K+M: fractions of all arrivals, waits in the queue (hours), mean queue length.</summary>
/// <param name="Blocked">Arrivals turned away because K were in the system.</param>
/// <param name="Abandoned">Arrivals that gave up waiting.</param>
/// <param name="Served">Arrivals that reached a server: 1 − Blocked − Abandoned.</param>
/// <param name="WaitServed">Mean wait of the arrivals that were served.</param>
/// <param name="WaitAdmitted">Mean time in the queue of all admitted arrivals, served or not (Little: E[Q] / (λ(1 − Blocked))).</param>
/// <param name="QueueLength">Mean number waiting.</param>
public sealed record Abandonment(double Blocked, double Abandoned, double Served, double WaitServed, double WaitAdmitted, double QueueLength);
