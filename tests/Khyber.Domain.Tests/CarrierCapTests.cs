using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

public sealed class CarrierCapTests
{
    [Theory]
    [InlineData(0, 50)]
    [InlineData(49, 50)]
    [InlineData(0, 1)]
    [InlineData(10_000, 0)]
    public void Below_the_limit_or_without_a_cap_a_truck_may_be_registered(int holding, int limit) =>
        Assert.Null(CarrierCap.Refusal(holding, limit, "torkham"));

    [Theory]
    [InlineData(50, 50)]
    [InlineData(51, 50)]
    [InlineData(1, 1)]
    public void At_the_limit_the_next_is_refused_naming_the_count_the_limit_and_the_crossing(int holding, int limit)
    {
        var refusal = CarrierCap.Refusal(holding, limit, "torkham");
        Assert.NotNull(refusal);
        Assert.Contains($"already has {holding} trucks", refusal, StringComparison.Ordinal);
        Assert.Contains($"the limit is {limit}", refusal, StringComparison.Ordinal);
        Assert.Contains("torkham", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Registered_waiting_and_called_trucks_hold_a_place_and_the_others_do_not()
    {
        var holding = Enum.GetValues<TruckStatus>().Where(CarrierCap.HoldsPlace).ToArray();
        Assert.Equal([TruckStatus.Registered, TruckStatus.Waiting, TruckStatus.Called], holding);
    }

    [Fact]
    public void Negative_counts_are_a_programming_error() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CarrierCap.Refusal(-1, 50, "torkham"));
}
