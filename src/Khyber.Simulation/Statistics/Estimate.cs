namespace Khyber.Simulation.Statistics;

/// <summary>A quantity estimated over independent replications.</summary>
/// <remarks>
/// <see cref="Ci99Lower"/>..<see cref="Ci99Upper"/> is the Student-t 99% confidence interval of the
/// mean; <see cref="P10"/>, <see cref="P50"/>, <see cref="P90"/> describe the spread between
/// replications (what a planner reads as "in one case out of ten it is worse than this").
/// Replications that had nothing to measure (NaN) are left out and not counted.
/// </remarks>
public sealed record Estimate(
    double Mean,
    double Ci99Lower,
    double Ci99Upper,
    double StandardDeviation,
    int Count,
    double P10,
    double P50,
    double P90)
{
    public static Estimate Empty { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, 0, double.NaN, double.NaN, double.NaN);

    public double HalfWidth => (Ci99Upper - Ci99Lower) / 2;

    public bool Contains(double value) => value >= Ci99Lower && value <= Ci99Upper;

    public static Estimate Of(IEnumerable<double> replicationValues)
    {
        var values = replicationValues.Where(v => !double.IsNaN(v)).ToArray();
        if (values.Length == 0)
        {
            return Empty;
        }

        var mean = values.Average();
        var variance = values.Length > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) : 0;
        var sd = Math.Sqrt(variance);
        var half = values.Length > 1 ? StudentT.Quantile995(values.Length - 1) * sd / Math.Sqrt(values.Length) : 0;
        Array.Sort(values);
        return new Estimate(
            mean,
            mean - half,
            mean + half,
            sd,
            values.Length,
            Percentiles.OfSorted(values, 0.10),
            Percentiles.OfSorted(values, 0.50),
            Percentiles.OfSorted(values, 0.90));
    }

    public override string ToString() => $"{Mean:G5} [{Ci99Lower:G5}, {Ci99Upper:G5}]";
}
