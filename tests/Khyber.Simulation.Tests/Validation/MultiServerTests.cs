using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>M/M/c against Erlang C, and M/M/c/K against its birth–death solution.</summary>
public class MultiServerTests
{
    [Theory]
    [InlineData(2, 80, 1.2)] // a = 1.6, ρ = 0.8
    [InlineData(4, 45, 4.0)] // a = 3, ρ = 0.75
    [InlineData(8, 100, 4.2)] // a = 7, ρ = 0.875
    public void MMc_matches_erlang_c_with_tail_and_percentiles(int c, double lambda, double meanMinutes)
    {
        var mu = 60 / meanMinutes;
        var erlangC = QueueingTheory.ErlangC(c, lambda / mu);
        var t = meanMinutes / c;
        var options = new ForecastOptions { WaitThresholdsMinutes = [t, 3 * t] };
        var result = QueueForecast.Run(Models.Stationary(c, 3_000_000 / lambda / 24, Models.Class("a", lambda, ServiceSpec.Exponential(meanMinutes))), options);
        var wait = result.All.WaitMinutes;

        Expect.Inside(QueueingTheory.MmcWait(c, lambda, mu) * 60, wait.Mean, $"M/M/{c} mean wait");
        Expect.Tight(wait.Mean, 0.05, $"M/M/{c} mean wait");
        Expect.Inside(erlangC, wait.ProbabilityOfWaiting, $"M/M/{c} P(wait) = Erlang C");
        Expect.Inside(QueueingTheory.MmcWaitAbove(c, lambda, mu, t / 60), wait.Above(t), $"M/M/{c} P(Wq > {t:G3} min)");
        Expect.Inside(QueueingTheory.MmcWaitAbove(c, lambda, mu, 3 * t / 60), wait.Above(3 * t), $"M/M/{c} P(Wq > {3 * t:G3} min)");
        Expect.Inside(QueueingTheory.MmcWaitQuantile(c, lambda, mu, 0.90) * 60, wait.P90, $"M/M/{c} p90 wait");
        Expect.Inside(QueueingTheory.MmcWaitQuantile(c, lambda, mu, 0.99) * 60, wait.P99, $"M/M/{c} p99 wait");
        Expect.Inside(lambda / mu / c, result.Utilisation, $"M/M/{c} utilisation");
        Expect.Inside(QueueingTheory.MmcWait(c, lambda, mu) * lambda, result.QueueLength, $"M/M/{c} queue length (Little)");
    }

    [Theory]
    [InlineData(1, 4, 50, 1.0)]
    [InlineData(2, 5, 60, 2.5)] // overloaded (a = 2.5 > c): only the capacity keeps it stable
    [InlineData(4, 8, 40, 5.0)]
    public void MMcK_blocking_and_wait_match_birth_death(int c, int capacity, double lambda, double meanMinutes)
    {
        var mu = 60 / meanMinutes;
        var model = Models.Stationary(c, 2_000_000 / lambda / 24, Models.Class("a", lambda, ServiceSpec.Exponential(meanMinutes))) with
        {
            SystemCapacity = capacity,
        };
        var result = QueueForecast.Run(model);

        Expect.Inside(QueueingTheory.MmcKBlocking(c, capacity, lambda, mu), result.All.BlockedFraction, $"M/M/{c}/{capacity} blocking");
        Expect.Tight(result.All.BlockedFraction, 0.05, $"M/M/{c}/{capacity} blocking");
        Expect.Inside(QueueingTheory.MmcKWait(c, capacity, lambda, mu) * 60, result.All.WaitMinutes.Mean, $"M/M/{c}/{capacity} mean wait");
    }
}
