namespace Khyber.Simulation.Statistics;

/// <summary>The 0.995 and 0.95 quantiles of Student's t distribution, for two-sided 99% and 90% intervals.</summary>
public static class StudentT
{
    // Exact values for small samples, where the asymptotic expansion below is poor.
    private static readonly double[] Table =
    [
        63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.250, 3.169,
        3.106, 3.055, 3.012, 2.977, 2.947, 2.921, 2.898, 2.878, 2.861, 2.845,
        2.831, 2.819, 2.807, 2.797, 2.787, 2.779, 2.771, 2.763, 2.756, 2.750,
    ];

    private static readonly double[] Table95 =
    [
        6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812,
        1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.740, 1.734, 1.729, 1.725,
        1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697,
    ];

    private const double Z995 = 2.5758293035489004;

    private const double Z95 = 1.6448536269514722;

    public static double Quantile995(int degreesOfFreedom) => Quantile(degreesOfFreedom, Table, Z995);

    /// <summary>The 0.95 quantile: the half-width factor of a two-sided 90% interval.</summary>
    public static double Quantile95(int degreesOfFreedom) => Quantile(degreesOfFreedom, Table95, Z95);

    private static double Quantile(int degreesOfFreedom, double[] table, double z)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degreesOfFreedom, 1);
        if (degreesOfFreedom <= table.Length)
        {
            return table[degreesOfFreedom - 1];
        }

        // Cornish–Fisher expansion of t in powers of 1/ν around the normal quantile; beyond ν = 30
        // its error is below 1e-4.
        double v = degreesOfFreedom;
        double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z
            + ((z3 + z) / (4 * v))
            + (((5 * z5) + (16 * z3) + (3 * z)) / (96 * v * v))
            + (((3 * z7) + (19 * z5) + (17 * z3) - (15 * z)) / (384 * v * v * v));
    }
}
