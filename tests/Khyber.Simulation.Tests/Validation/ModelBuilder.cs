using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>Short ways to state the models the validation compares.</summary>
internal static class Models
{
    public static QueueClass Class(string name, double ratePerHour, ServiceSpec service, int priority = 0, double? spoilAfterMinutes = null) =>
        new() { Name = name, Priority = priority, Arrival = ArrivalSpec.Poisson(ratePerHour), Service = service, SpoilAfterMinutes = spoilAfterMinutes };

    /// <summary>A stationary model: long enough runs after a warm-up that the transient from empty is negligible.</summary>
    public static QueueModel Stationary(int servers, double horizonHours, params QueueClass[] classes) => new()
    {
        Servers = servers,
        Classes = classes,
        WarmupHours = horizonHours / 20,
        HorizonHours = horizonHours,
        Replications = 24,
        Seed = 20261128,
    };
}
