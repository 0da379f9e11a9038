using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.Tests.Validation;

internal static class Expect
{
    /// <summary>The closed-form value must lie inside the simulation's 99% confidence interval.</summary>
    public static void Inside(double theory, Estimate simulated, string what)
    {
        Assert.True(
            simulated.Contains(theory),
            $"{what}: closed form {theory:G6} is outside the simulated 99% CI [{simulated.Ci99Lower:G6}, {simulated.Ci99Upper:G6}] (mean {simulated.Mean:G6}, n {simulated.Count})");
    }

    /// <summary>Guards against intervals so wide that they would contain anything.</summary>
    public static void Tight(Estimate simulated, double relative, string what)
    {
        Assert.True(
            simulated.HalfWidth <= relative * Math.Abs(simulated.Mean),
            $"{what}: the 99% CI half-width {simulated.HalfWidth:G4} is more than {relative:P0} of the mean {simulated.Mean:G4}");
    }
}
