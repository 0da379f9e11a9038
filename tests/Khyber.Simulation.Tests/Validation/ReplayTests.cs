using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

public class ReplayTests
{
    private static QueueModel Model(long seed) => Models.Stationary(
        2,
        400,
        Models.Class("perishable", 30, ServiceSpec.Exponential(3), priority: 0, spoilAfterMinutes: 20),
        Models.Class("general", 20, new ServiceSpec { Distribution = "lognormal", MeanMinutes = 2, SdMinutes = 1 }, priority: 1)) with
    {
        Policy = "priority",
        Seed = seed,
        Replications = 8,
    };

    [Fact]
    public void Same_seed_gives_identical_output_whatever_the_thread_count()
    {
        var one = QueueForecast.Run(Model(7), new ForecastOptions { MaxDegreeOfParallelism = 1 });
        var two = QueueForecast.Run(Model(7), new ForecastOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(QueueReport.ToJson(one).ToJsonString(), QueueReport.ToJson(two).ToJsonString());
        Assert.Equal(
            one.Replications.Select(r => (r.All.MeanWaitMinutes, r.All.P99WaitMinutes, r.Events)),
            two.Replications.Select(r => (r.All.MeanWaitMinutes, r.All.P99WaitMinutes, r.Events)));
    }

    [Fact]
    public void Another_seed_gives_other_numbers()
    {
        var a = QueueForecast.Run(Model(7));
        var b = QueueForecast.Run(Model(8));
        Assert.NotEqual(a.All.WaitMinutes.Mean.Mean, b.All.WaitMinutes.Mean.Mean);
    }
}
