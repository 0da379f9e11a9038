using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>The closed forms themselves, against values known independently of them.</summary>
public class QueueingTheoryTests
{
    [Fact]
    public void Erlang_c_matches_known_values()
    {
        Assert.Equal(0.6, QueueingTheory.ErlangC(1, 0.6), 12); // M/M/1: P(wait) = ρ
        Assert.Equal(2 * 0.8 * 0.8 / 1.8, QueueingTheory.ErlangC(2, 1.6), 12); // M/M/2: 2ρ²/(1+ρ)
    }

    [Fact]
    public void Pollaczek_khinchine_and_cobham_reduce_to_known_cases()
    {
        // M/D/1: Wq = ρ / (2μ(1 − ρ)); M/M/1: Wq = ρ / (μ − λ).
        Assert.Equal(0.75 / (2 * 60 * 0.25), QueueingTheory.PollaczekKhinchine(45, 1.0 / 60, 1.0 / 3600), 12);
        Assert.Equal(QueueingTheory.MmcWait(1, 45, 60), QueueingTheory.PollaczekKhinchine(45, 1.0 / 60, 2.0 / 3600), 12);

        // One priority class is FIFO; on c servers Cobham with one class is Erlang C.
        Assert.Equal(QueueingTheory.MmcWait(1, 45, 60), QueueingTheory.CobhamSingleServer([45], [1.0 / 60], [2.0 / 3600])[0], 12);
        Assert.Equal(QueueingTheory.MmcWait(3, 50, 20), QueueingTheory.CobhamMultiServer(3, [50], 20)[0], 12);

        // Priority only reorders: the rate-weighted mean of the class waits is the FIFO wait.
        var classes = QueueingTheory.CobhamMultiServer(3, [20, 30], 20);
        Assert.Equal(QueueingTheory.MmcWait(3, 50, 20), ((20 * classes[0]) + (30 * classes[1])) / 50, 12);
    }

    [Fact]
    public void Mmck_with_no_waiting_room_is_erlang_b()
    {
        // Erlang B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2.
        Assert.Equal(0.2, QueueingTheory.MmcKBlocking(2, 2, 10, 10), 12);
        Assert.Equal(0, QueueingTheory.MmcKWait(2, 2, 10, 10), 12);
    }

    [Fact]
    public void Closed_form_is_chosen_for_the_models_that_have_one()
    {
        var mm4 = Models.Stationary(
            4,
            1000,
            Models.Class("perishable", 12, ServiceSpec.Exponential(10), priority: 0),
            Models.Class("general", 6, ServiceSpec.Exponential(10), priority: 1)) with
        {
            Policy = "priority",
        };
        var form = ClosedForm.For(mm4)!;
        Assert.StartsWith("Cobham", form.Formula);
        Assert.Equal(QueueingTheory.CobhamMultiServer(4, [12, 6], 6)[1] * 60, form.WaitMinutes["general"], 9);
        Assert.Equal(QueueingTheory.MmcWait(4, 18, 6) * 60, form.WaitMinutes["all"], 9);

        Assert.NotNull(ClosedForm.For(mm4 with { Closures = [new ClosureWindow(0, 1)] })); // over before the warm-up ends
        Assert.Null(ClosedForm.For(mm4 with { Closures = [new ClosureWindow(100, 1)] }));
        Assert.Null(ClosedForm.For(Models.Stationary(2, 100, Models.Class("a", 10, ServiceSpec.Deterministic(3)))));
        Assert.Null(ClosedForm.For(Models.Stationary(1, 100, Models.Class("a", 70, ServiceSpec.Exponential(1)))));
        Assert.Equal("Pollaczek–Khinchine", ClosedForm.For(Models.Stationary(1, 100, Models.Class("a", 10, ServiceSpec.Deterministic(3))))!.Formula);
    }

    [Theory]
    [InlineData(1, 50, 60, 30, null)]
    [InlineData(1, 80, 60, 20, null)]
    [InlineData(4, 30, 6, 3, null)]
    [InlineData(3, 40, 12, 6, 9)]
    [InlineData(20, 250, 10, 0.5, null)]
    public void Erlang_a_is_consistent_with_itself(int c, double lambda, double mu, double theta, int? capacity)
    {
        var a = QueueingTheory.ErlangA(c, lambda, mu, theta, capacity);

        // Every arrival is blocked, gives up or is served.
        Assert.Equal(1, a.Blocked + a.Abandoned + a.Served, 12);

        // Abandonment counted per arrival (PASTA and the position argument) equals the abandonment
        // rate θ·E[Q] over the arrival rate.
        Assert.Equal(theta * a.QueueLength / lambda, a.Abandoned, 10);
    }

    [Fact]
    public void Erlang_a_without_patience_is_erlang_c_and_mmck()
    {
        var noPatience = QueueingTheory.ErlangA(3, 50, 20, 0);
        Assert.Equal(QueueingTheory.MmcWait(3, 50, 20), noPatience.WaitServed, 10);
        Assert.Equal(0, noPatience.Abandoned, 12);

        var finite = QueueingTheory.ErlangA(2, 60, 24, 0, 5);
        Assert.Equal(QueueingTheory.MmcKBlocking(2, 5, 60, 24), finite.Blocked, 12);
        Assert.Equal(QueueingTheory.MmcKWait(2, 5, 60, 24), finite.WaitServed, 10);

        // With no room to wait, patience does not matter: Erlang B(2, 1) = 0.2.
        Assert.Equal(0.2, QueueingTheory.ErlangA(2, 10, 10, 7, 2).Blocked, 12);
    }

    [Fact]
    public void Mm1_plus_m_throughput_matches_the_idle_probability_summed_directly()
    {
        // M/M/1+M: π0 = 1 / (1 + Σ_{n≥1} λⁿ / Π_{j=0..n−1} (μ + jθ)); the server is busy 1 − π0 of the
        // time and serves at μ, so the served share of arrivals is μ(1 − π0)/λ.
        const double lambda = 80, mu = 60, theta = 20;
        double sum = 1, term = 1;
        for (var n = 1; n < 2000; n++)
        {
            term *= lambda / (mu + ((n - 1) * theta));
            sum += term;
        }

        var served = mu * (1 - (1 / sum)) / lambda;
        Assert.Equal(served, QueueingTheory.ErlangA(1, lambda, mu, theta).Served, 10);
    }
}
