using Khyber.Simulation.Engine;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>Non-preemptive priority against Cobham's formula.</summary>
public class PriorityTests
{
    [Fact]
    public void Three_classes_on_one_server_match_cobham()
    {
        var services = new[]
        {
            ServiceSpec.Exponential(1.5),
            ServiceSpec.Deterministic(1.0),
            new ServiceSpec { Distribution = "erlang", MeanMinutes = 2, K = 2 },
        };
        var lambdas = new[] { 10.0, 15, 8 };
        var model = Models.Stationary(
            1,
            3_000_000 / lambdas.Sum() / 24,
            Models.Class("perishable", lambdas[0], services[0], priority: 0),
            Models.Class("humanitarian", lambdas[1], services[1], priority: 1),
            Models.Class("general", lambdas[2], services[2], priority: 2)) with
        {
            Policy = "priority",
        };
        var result = QueueForecast.Run(model);

        var hours = services.Select(s => s.ToHours(new InputErrors(), "s")!).ToArray();
        var expected = QueueingTheory.CobhamSingleServer(lambdas, [.. hours.Select(h => h.Mean)], [.. hours.Select(h => h.SecondMoment)]);
        for (var k = 0; k < 3; k++)
        {
            Expect.Inside(expected[k] * 60, result.Classes[k].WaitMinutes.Mean, $"M/G/1 priority class {k}");
        }
    }

    [Theory]
    [InlineData(3, 3.0, new[] { 12.0, 18, 12 })] // ρ = 0.7
    [InlineData(4, 4.0, new[] { 15.0, 30 })] // ρ = 0.75
    public void Classes_on_c_servers_match_cobham(int c, double meanMinutes, double[] lambdas)
    {
        var classes = lambdas.Select((l, k) => Models.Class($"class{k}", l, ServiceSpec.Exponential(meanMinutes), priority: k)).ToArray();
        var model = Models.Stationary(c, 3_000_000 / lambdas.Sum() / 24, classes) with { Policy = "priority" };
        var result = QueueForecast.Run(model);

        var expected = QueueingTheory.CobhamMultiServer(c, lambdas, 60 / meanMinutes);
        for (var k = 0; k < lambdas.Length; k++)
        {
            Expect.Inside(expected[k] * 60, result.Classes[k].WaitMinutes.Mean, $"M/M/{c} priority class {k}");
        }

        // Priority only reorders: the overall wait stays Erlang C's, and the top class waits less.
        Assert.True(result.Classes[0].WaitMinutes.Mean.Mean < result.Classes[^1].WaitMinutes.Mean.Mean);
    }

    [Fact]
    public void Priority_policy_reads_the_priority_numbers_not_the_order_of_classes()
    {
        var model = Models.Stationary(
            1,
            20_000,
            Models.Class("low", 20, ServiceSpec.Exponential(1.5), priority: 5),
            Models.Class("high", 10, ServiceSpec.Exponential(1.5), priority: 1)) with
        {
            Policy = "priority",
            Replications = 4,
        };
        var result = QueueForecast.Run(model);
        var expected = QueueingTheory.CobhamSingleServer([10, 20], [0.025, 0.025], [2 * 0.025 * 0.025, 2 * 0.025 * 0.025]);
        Expect.Inside(expected[0] * 60, result["high"].WaitMinutes.Mean, "high priority");
        Expect.Inside(expected[1] * 60, result["low"].WaitMinutes.Mean, "low priority");
    }
}
