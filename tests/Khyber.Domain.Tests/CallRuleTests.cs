using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

/// <summary>Each pick of the queue order names the rule that made it, and naming it changes no pick.</summary>
public sealed class CallRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly QueuePolicy Policy = new(PerishableShare: 0.4, AgeingBound: TimeSpan.FromHours(48));
    private long _number;

    private QueuedTruck Truck(CargoCategory category, double waitedHours = 1, double? spoilsInHours = null, int noShows = 0) =>
        new(Guid.NewGuid(), category, ++_number, Now.AddHours(-waitedHours), spoilsInHours is { } h ? Now.AddHours(h) : null, noShows);

    [Fact]
    public void Each_branch_of_the_order_names_its_rule()
    {
        var aid = Truck(CargoCategory.Humanitarian);
        var starving = Truck(CargoCategory.Transit, waitedHours: 50);
        var generals = Enumerable.Range(0, 3).Select(_ => Truck(CargoCategory.General)).ToList();
        var perishable = Truck(CargoCategory.Perishable, spoilsInHours: 10);

        var (picks, _) = QueueOrder.Choose([.. generals, perishable, starving, aid], Policy, 0, Now, 6);

        // 0.4 share: general, general, perishable (credit 1.2), general.
        Assert.Equal(
            [(aid.Id, CallRule.Humanitarian), (starving.Id, CallRule.AgeingBound), (generals[0].Id, CallRule.ArrivalOrder),
             (generals[1].Id, CallRule.ArrivalOrder), (perishable.Id, CallRule.GreenLaneShare), (generals[2].Id, CallRule.ArrivalOrder)],
            picks.Select(p => (p.Truck.Id, p.Rule)).ToArray());
    }

    [Fact]
    public void A_truck_back_after_a_no_show_is_named_so_when_its_turn_in_arrival_order_comes_and_by_the_stronger_rule_otherwise()
    {
        var general = Truck(CargoCategory.General);
        var returned = Truck(CargoCategory.Empty, noShows: 1);
        var returnedAid = Truck(CargoCategory.Humanitarian, noShows: 2);

        var (picks, _) = QueueOrder.Choose([general, returned, returnedAid], Policy, 0, Now, 3);

        Assert.Equal([CallRule.Humanitarian, CallRule.ArrivalOrder, CallRule.BackAfterNoShow], picks.Select(p => p.Rule).ToArray());
    }

    [Fact]
    public void Alone_in_the_queue_a_perishable_is_the_green_lanes_turn_and_other_cargo_arrival_order()
    {
        var perishable = Truck(CargoCategory.Perishable, spoilsInHours: 5);
        Assert.Equal(CallRule.GreenLaneShare, QueueOrder.Choose([perishable], Policy, 0, Now, 1).Picks.Single().Rule);
        var hazardous = Truck(CargoCategory.Hazardous);
        Assert.Equal(CallRule.ArrivalOrder, QueueOrder.Choose([hazardous], Policy, 0, Now, 1).Picks.Single().Rule);
    }

    [Fact]
    public void Naming_the_rules_picks_exactly_the_trucks_and_credit_the_order_picks()
    {
        var random = new Random(11);
        for (var round = 0; round < 200; round++)
        {
            var categories = Enum.GetValues<CargoCategory>();
            var waiting = Enumerable.Range(0, random.Next(0, 40))
                .Select(_ => Truck(categories[random.Next(categories.Length)], waitedHours: random.NextDouble() * 60, spoilsInHours: random.NextDouble() * 30, noShows: random.Next(3) == 0 ? 1 : 0))
                .ToList();
            var policy = new QueuePolicy(random.NextDouble(), TimeSpan.FromHours(random.Next(1, 72)));
            var credit = random.NextDouble();
            var count = random.Next(1, 20);

            var (called, calledCredit) = QueueOrder.Call(waiting, policy, credit, Now, count);
            var (picks, pickedCredit) = QueueOrder.Choose(waiting, policy, credit, Now, count);

            Assert.Equal(called.Select(t => t.Id), picks.Select(p => p.Truck.Id));
            Assert.Equal(calledCredit, pickedCredit);
        }
    }

    [Fact]
    public void The_public_sees_a_plate_by_its_last_three_characters_and_never_a_short_one_whole()
    {
        Assert.Equal("••••291", CalledTruck.Masked("QTA2291"));
        Assert.Equal("••••BC", CalledTruck.Masked("ABC"));
        Assert.Equal("••••B", CalledTruck.Masked("AB"));
    }
}
