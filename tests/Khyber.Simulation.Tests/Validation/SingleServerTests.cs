using Khyber.Simulation.Engine;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>M/M/1, M/D/1 and M/G/1 against their closed forms (Pollaczek–Khinchine).</summary>
public class SingleServerTests
{
    [Theory]
    [InlineData(30, 1.0)] // ρ = 0.5
    [InlineData(42, 1.0)] // ρ = 0.7
    [InlineData(20, 2.55)] // ρ = 0.85
    public void MM1_mean_wait_and_tail_match_theory(double lambda, double meanMinutes)
    {
        var mu = 60 / meanMinutes;
        var options = new ForecastOptions { WaitThresholdsMinutes = [meanMinutes * 3] };
        var horizon = 3_000_000 / lambda / 24;
        var result = QueueForecast.Run(Models.Stationary(1, horizon, Models.Class("a", lambda, ServiceSpec.Exponential(meanMinutes))), options);

        var wait = result.All.WaitMinutes;
        Expect.Inside(QueueingTheory.MmcWait(1, lambda, mu) * 60, wait.Mean, "M/M/1 mean wait");
        Expect.Tight(wait.Mean, 0.05, "M/M/1 mean wait");
        Expect.Inside(lambda / mu, wait.ProbabilityOfWaiting, "M/M/1 P(wait)");
        Expect.Inside(QueueingTheory.MmcWaitAbove(1, lambda, mu, meanMinutes * 3 / 60), wait.Above(meanMinutes * 3), "M/M/1 P(Wq > 3/μ)");
        Expect.Inside(lambda / mu, result.Utilisation, "M/M/1 utilisation");
    }

    [Fact]
    public void MM1_interval_is_narrow_enough_to_reject_a_neighbouring_load()
    {
        // The same run must rule out the closed form of a load only 3% higher; otherwise the
        // validation above could not tell a subtly wrong engine from a right one.
        var result = QueueForecast.Run(Models.Stationary(1, 3_000_000 / 42.0 / 24, Models.Class("a", 42, ServiceSpec.Exponential(1))));
        var wrong = QueueingTheory.MmcWait(1, 42 * 1.03, 60) * 60;
        Assert.False(result.All.WaitMinutes.Mean.Contains(wrong), $"{wrong} should lie outside {result.All.WaitMinutes.Mean}");
    }

    [Theory]
    [InlineData(45, 1.0)] // ρ = 0.75
    [InlineData(30, 1.7)] // ρ = 0.85
    public void MD1_mean_wait_is_pollaczek_khinchine(double lambda, double minutes)
    {
        var result = QueueForecast.Run(Models.Stationary(1, 3_000_000 / lambda / 24, Models.Class("a", lambda, ServiceSpec.Deterministic(minutes))));
        var s = minutes / 60;
        Expect.Inside(QueueingTheory.PollaczekKhinchine(lambda, s, s * s) * 60, result.All.WaitMinutes.Mean, "M/D/1 mean wait");
        Expect.Tight(result.All.WaitMinutes.Mean, 0.05, "M/D/1 mean wait");
    }

    public static TheoryData<string, double, ServiceSpec> GeneralService => new()
    {
        { "uniform", 30, new ServiceSpec { Distribution = "uniform", MinMinutes = 0.5, MaxMinutes = 2.5 } },
        { "erlang-3", 40, new ServiceSpec { Distribution = "erlang", MeanMinutes = 1.2, K = 3 } },
        { "lognormal", 36, new ServiceSpec { Distribution = "lognormal", MeanMinutes = 1, SdMinutes = 1.2 } },
        { "empirical", 40, new ServiceSpec { Distribution = "empirical", ValuesMinutes = [0.5, 1, 1, 2] } },
    };

    [Theory]
    [MemberData(nameof(GeneralService))]
    public void MG1_mean_wait_is_pollaczek_khinchine(string name, double lambda, ServiceSpec service)
    {
        var errors = new InputErrors();
        var hours = service.ToHours(errors, "service")!;
        var result = QueueForecast.Run(Models.Stationary(1, 3_000_000 / lambda / 24, Models.Class(name, lambda, service)));
        var theory = QueueingTheory.PollaczekKhinchine(lambda, hours.Mean, hours.SecondMoment) * 60;
        Expect.Inside(theory, result.All.WaitMinutes.Mean, $"M/G/1 ({name}) mean wait");
        Expect.Inside(lambda * hours.Mean, result.Utilisation, $"M/G/1 ({name}) utilisation");
    }

    [Fact]
    public void Distribution_moments_used_by_the_theory_are_right()
    {
        // The closed forms above take E[S] and E[S²] from Distribution; check those against known values.
        Assert.Equal(2.0 * 4, Distribution.Exponential(2).SecondMoment, 9);
        Assert.Equal(4.0 * (1 + (1.0 / 3)), Distribution.Erlang(3, 2).SecondMoment, 9);
        Assert.Equal((1 + 3 + 9) / 3.0, Distribution.Uniform(1, 3).SecondMoment, 9);
        var lognormal = Distribution.LogNormal(2, 1.5);
        Assert.Equal(2, lognormal.Mean, 9);
        Assert.Equal(4 + 2.25, lognormal.SecondMoment, 9);
        Assert.Equal((0.25 + 1 + 1 + 4) / 4, Distribution.Empirical([0.5, 1, 1, 2]).SecondMoment, 9);
    }
}
