namespace Khyber.Simulation.Engine;

public enum DistributionKind
{
    Exponential,
    Deterministic,
    Uniform,
    Erlang,
    LogNormal,
    Empirical,
}

/// <summary>A non-negative random duration, in whatever unit its parameters are given.</summary>
/// <remarks>
/// One sealed type switched on <see cref="Kind"/> rather than a class per distribution: sampling is
/// on the hot path of every truck, and a switch over a sealed type inlines where a virtual call does
/// not. The first two moments are exact, so validation can compare against closed-form results.
/// </remarks>
public sealed class Distribution
{
    private readonly double _a;
    private readonly double _b;
    private readonly int _k;
    private readonly double[] _values;

    private Distribution(DistributionKind kind, double a, double b, int k, double[] values)
    {
        Kind = kind;
        _a = a;
        _b = b;
        _k = k;
        _values = values;
    }

    public DistributionKind Kind { get; }

    public double Mean => Kind switch
    {
        DistributionKind.Exponential or DistributionKind.Deterministic or DistributionKind.Erlang => _a,
        DistributionKind.Uniform => (_a + _b) / 2,
        DistributionKind.LogNormal => Math.Exp(_a + (_b * _b / 2)),
        _ => _values.Average(),
    };

    /// <summary>E[X²], the moment the Pollaczek–Khinchine formula needs.</summary>
    public double SecondMoment => Kind switch
    {
        DistributionKind.Exponential => 2 * _a * _a,
        DistributionKind.Deterministic => _a * _a,
        DistributionKind.Erlang => _a * _a * (1 + (1.0 / _k)),
        DistributionKind.Uniform => ((_a * _a) + (_a * _b) + (_b * _b)) / 3,
        DistributionKind.LogNormal => Math.Exp((2 * _a) + (2 * _b * _b)),
        _ => _values.Average(v => v * v),
    };

    public static Distribution Exponential(double mean) =>
        new(DistributionKind.Exponential, Positive(mean, nameof(mean)), 0, 1, []);

    public static Distribution Deterministic(double value) =>
        new(DistributionKind.Deterministic, NonNegative(value, nameof(value)), 0, 1, []);

    public static Distribution Uniform(double min, double max)
    {
        NonNegative(min, nameof(min));
        if (!(max >= min))
        {
            throw new ArgumentOutOfRangeException(nameof(max), max, "The maximum must not be below the minimum.");
        }

        return new(DistributionKind.Uniform, min, max, 1, []);
    }

    /// <summary>The sum of <paramref name="k"/> exponential phases with the given overall mean.</summary>
    public static Distribution Erlang(int k, double mean)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return new(DistributionKind.Erlang, Positive(mean, nameof(mean)), 0, k, []);
    }

    /// <summary>A lognormal stated by its own mean and standard deviation, as analysts give it.</summary>
    public static Distribution LogNormal(double mean, double standardDeviation)
    {
        Positive(mean, nameof(mean));
        Positive(standardDeviation, nameof(standardDeviation));
        var sigmaSquared = Math.Log(1 + (standardDeviation * standardDeviation / (mean * mean)));
        return new(DistributionKind.LogNormal, Math.Log(mean) - (sigmaSquared / 2), Math.Sqrt(sigmaSquared), 1, []);
    }

    /// <summary>Draws one of the observed values, each equally likely.</summary>
    public static Distribution Empirical(IEnumerable<double> observed)
    {
        var values = observed.ToArray();
        if (values.Length == 0 || values.Any(v => !(v >= 0) || double.IsInfinity(v)))
        {
            throw new ArgumentException("An empirical distribution needs at least one finite, non-negative value.", nameof(observed));
        }

        return new(DistributionKind.Empirical, 0, 0, 1, values);
    }

    /// <summary>The same distribution with every value multiplied by <paramref name="factor"/> (a change of unit).</summary>
    public Distribution Scale(double factor)
    {
        Positive(factor, nameof(factor));
        return Kind switch
        {
            DistributionKind.LogNormal => new(Kind, _a + Math.Log(factor), _b, _k, _values),
            DistributionKind.Empirical => new(Kind, 0, 0, _k, _values.Select(v => v * factor).ToArray()),
            _ => new(Kind, _a * factor, _b * factor, _k, _values),
        };
    }

    public double Sample(ref RandomStream random)
    {
        switch (Kind)
        {
            case DistributionKind.Exponential:
                return random.NextExponential(_a);
            case DistributionKind.Deterministic:
                return _a;
            case DistributionKind.Uniform:
                return _a + ((_b - _a) * random.NextDouble());
            case DistributionKind.Erlang:
                var sum = 0.0;
                for (var i = 0; i < _k; i++)
                {
                    sum -= Math.Log(random.NextOpenDouble());
                }

                return sum * _a / _k;
            case DistributionKind.LogNormal:
                return Math.Exp(_a + (_b * random.NextStandardNormal()));
            default:
                return _values[random.NextInt(_values.Length)];
        }
    }

    public override string ToString() => Kind switch
    {
        DistributionKind.Exponential => $"exponential(mean {_a:G4})",
        DistributionKind.Deterministic => $"deterministic({_a:G4})",
        DistributionKind.Uniform => $"uniform({_a:G4}, {_b:G4})",
        DistributionKind.Erlang => $"erlang(k {_k}, mean {_a:G4})",
        DistributionKind.LogNormal => $"lognormal(mean {Mean:G4})",
        _ => $"empirical({_values.Length} values)",
    };

    private static double Positive(double value, string name) =>
        value > 0 && !double.IsInfinity(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be a positive, finite number.");

    private static double NonNegative(double value, string name) =>
        value >= 0 && !double.IsInfinity(value) ? value : throw new ArgumentOutOfRangeException(name, value, "Must be a non-negative, finite number.");
}
