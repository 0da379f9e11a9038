using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

public sealed class QueueOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);
    private static readonly QueuePolicy Policy = new(PerishableShare: 0.4, AgeingBound: TimeSpan.FromHours(48));
    private long _number;

    private QueuedTruck Truck(CargoCategory category, double waitedHours = 1, double? spoilsInHours = null) =>
        new(Guid.NewGuid(), category, ++_number, Now.AddHours(-waitedHours), spoilsInHours is { } h ? Now.AddHours(h) : null);

    [Fact]
    public void Humanitarian_cargo_is_called_first_whatever_its_arrival()
    {
        var general = Truck(CargoCategory.General, waitedHours: 10);
        var perishable = Truck(CargoCategory.Perishable, waitedHours: 9, spoilsInHours: 5);
        var aid = Truck(CargoCategory.Humanitarian, waitedHours: 0.1);

        var (called, _) = QueueOrder.Call([general, perishable, aid], Policy, 0, Now, 1);

        Assert.Equal(aid.Id, Assert.Single(called).Id);
    }

    [Fact]
    public void Perishables_get_their_share_of_calls_earliest_spoil_first()
    {
        var generals = Enumerable.Range(0, 20).Select(_ => Truck(CargoCategory.General)).ToList();
        var late = Truck(CargoCategory.Perishable, spoilsInHours: 90);
        var soon = Truck(CargoCategory.Perishable, spoilsInHours: 10);
        var perishables = new[] { late, soon }.Concat(Enumerable.Range(0, 18).Select(_ => Truck(CargoCategory.Perishable, spoilsInHours: 100))).ToList();

        var (called, _) = QueueOrder.Call(generals.Concat(perishables), Policy, 0, Now, 10);

        Assert.Equal(4, called.Count(t => t.Category == CargoCategory.Perishable));
        Assert.Equal(soon.Id, called.First(t => t.Category == CargoCategory.Perishable).Id);
        // General cargo keeps its arrival order.
        var generalOrder = called.Where(t => t.Category == CargoCategory.General).Select(t => t.QueueNumber).ToList();
        Assert.Equal(generalOrder.Order(), generalOrder);
    }

    [Fact]
    public void The_share_holds_across_many_single_calls_because_the_credit_is_carried()
    {
        var waiting = Enumerable.Range(0, 50).Select(i => Truck(i % 2 == 0 ? CargoCategory.General : CargoCategory.Perishable, spoilsInHours: i % 2 == 0 ? null : 50 + i)).ToList();
        var credit = 0.0;
        var calledPerishables = 0;
        for (var i = 0; i < 20; i++)
        {
            var (called, next) = QueueOrder.Call(waiting, Policy, credit, Now, 1);
            credit = next;
            var truck = Assert.Single(called);
            waiting.Remove(truck);
            calledPerishables += truck.Category == CargoCategory.Perishable ? 1 : 0;
        }
        Assert.Equal(8, calledPerishables);
    }

    [Fact]
    public void A_truck_waiting_past_the_ageing_bound_is_called_before_the_green_lane()
    {
        var perishables = Enumerable.Range(0, 5).Select(_ => Truck(CargoCategory.Perishable, spoilsInHours: 5)).ToList();
        var starving = Truck(CargoCategory.General, waitedHours: 49);

        var (called, _) = QueueOrder.Call(perishables.Append(starving), Policy with { PerishableShare = 1.0 }, 0, Now, 1);

        Assert.Equal(starving.Id, Assert.Single(called).Id);
    }

    [Fact]
    public void Positions_follow_the_call_order_and_estimates_step_by_capacity()
    {
        var waiting = new[] { Truck(CargoCategory.General), Truck(CargoCategory.General), Truck(CargoCategory.Humanitarian) };
        var open = new DirectionState(Direction.PkToAf, GateState.Open, null, null, Enum.GetValues<CargoCategory>(), null);

        var slots = QueueOrder.Positions(waiting, Policy, 0, open, capacityPerHour: 12, t => t, Now);

        Assert.Equal([waiting[2].Id, waiting[0].Id, waiting[1].Id], slots.Select(s => s.Truck.Id).ToArray());
        Assert.Equal([1, 2, 3], slots.Select(s => s.Position).ToArray());
        Assert.Equal([Now, Now.AddMinutes(5), Now.AddMinutes(10)], slots.Select(s => s.EstimatedCallAt!.Value).ToArray());
    }

    [Fact]
    public void A_closed_direction_has_no_estimate_until_a_reopening_is_announced()
    {
        var waiting = new[] { Truck(CargoCategory.General), Truck(CargoCategory.General) };
        var closed = new DirectionState(Direction.PkToAf, GateState.Closed, Now, null, [], null);
        Assert.All(QueueOrder.Positions(waiting, Policy, 0, closed, 12, t => t, Now), s => Assert.Null(s.EstimatedCallAt));

        var reopening = Now.AddHours(72);
        var announced = closed with { ExpectedUntil = reopening };
        var slots = QueueOrder.Positions(waiting, Policy, 0, announced, 12, t => t, Now);
        Assert.Equal([reopening, reopening.AddMinutes(5)], slots.Select(s => s.EstimatedCallAt!.Value).ToArray());
    }

    [Fact]
    public void Outside_operating_hours_estimates_move_to_the_next_opening()
    {
        var waiting = new[] { Truck(CargoCategory.General) };
        var open = new DirectionState(Direction.PkToAf, GateState.Open, null, null, Enum.GetValues<CargoCategory>(), null);
        // Open 03:00–13:00 UTC; it is 14:30.
        var late = new DateTimeOffset(2026, 11, 28, 14, 30, 0, TimeSpan.Zero);
        var tomorrow = new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

        var slot = Assert.Single(QueueOrder.Positions(waiting, Policy, 0, open, 12, t => t.Hour is >= 3 and < 13 ? t : tomorrow, late));

        Assert.Equal(tomorrow, slot.EstimatedCallAt);
    }

    [Fact]
    public void With_no_opening_in_sight_there_is_no_estimate()
    {
        var waiting = new[] { Truck(CargoCategory.General), Truck(CargoCategory.General) };
        var open = new DirectionState(Direction.PkToAf, GateState.Open, null, null, Enum.GetValues<CargoCategory>(), null);

        Assert.All(QueueOrder.Positions(waiting, Policy, 0, open, 12, _ => null, Now), s => Assert.Null(s.EstimatedCallAt));
    }
}
