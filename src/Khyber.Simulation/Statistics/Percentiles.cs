namespace Khyber.Simulation.Statistics;

public static class Percentiles
{
    /// <summary>The <paramref name="p"/>-quantile of sorted values, interpolating linearly between order statistics (Hyndman–Fan type 7).</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>The fraction of sorted values strictly greater than <paramref name="threshold"/>.</summary>
    public static double FractionAbove(ReadOnlySpan<double> sorted, double threshold)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] <= threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (double)(sorted.Length - lo) / sorted.Length;
    }
}
