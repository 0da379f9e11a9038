using Khyber.Simulation.Crossings;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation.Tests.Validation;

/// <summary>Trucks that give up: M/M/1+M and M/M/c+M against Erlang A, M/M/c/K+M through a crossing's parking, and a deterministic case counted by hand.</summary>
public class AbandonmentTests
{
    private static QueueModel ErlangAModel(int c, double lambda, double serviceMinutes, double patienceMinutes) =>
        Models.Stationary(c, 3_000_000 / lambda / 24, Models.Class("a", lambda, ServiceSpec.Exponential(serviceMinutes)) with
        {
            Patience = ServiceSpec.Exponential(patienceMinutes),
        });

    [Theory]
    [InlineData(1, 50, 1.0, 2.0)] // ρ = 0.83
    [InlineData(1, 80, 1.0, 3.0)] // ρ = 1.33: stable only because trucks give up
    [InlineData(4, 30, 10.0, 20.0)] // M/M/4+M at 125% of capacity
    [InlineData(8, 40, 10.0, 60.0)] // M/M/8+M at 83%, patient drivers
    public void Abandonment_and_wait_of_the_served_match_erlang_a(int c, double lambda, double serviceMinutes, double patienceMinutes)
    {
        var result = QueueForecast.Run(ErlangAModel(c, lambda, serviceMinutes, patienceMinutes));
        var theory = QueueingTheory.ErlangA(c, lambda, 60 / serviceMinutes, 60 / patienceMinutes);
        var all = result.All;

        Expect.Inside(theory.Abandoned, all.GaveUpFraction, $"M/M/{c}+M P(give up)");
        Expect.Tight(all.GaveUpFraction, 0.05, $"M/M/{c}+M P(give up)");
        Expect.Inside(theory.WaitServed * 60, all.WaitMinutes.Mean, $"M/M/{c}+M mean wait of the served");
        Expect.Tight(all.WaitMinutes.Mean, 0.05, $"M/M/{c}+M mean wait of the served");
        Expect.Inside(theory.QueueLength, result.QueueLength, $"M/M/{c}+M queue length");
        Expect.Inside(lambda * theory.Served / (c * 60 / serviceMinutes), result.Utilisation, $"M/M/{c}+M utilisation");

        // Lazy cancellation keeps the events near two per truck (arrival, then departure or giving up):
        // a give-up event is scheduled per class, not per truck.
        var events = result.Replications.Average(r => r.Events / (double)r.All.Arrived);
        Assert.InRange(events, 1.9, 3.5);
    }

    [Fact]
    public void Abandonment_interval_is_narrow_enough_to_reject_drivers_ten_percent_more_patient()
    {
        var result = QueueForecast.Run(ErlangAModel(1, 80, 1.0, 3.0));
        var wrong = QueueingTheory.ErlangA(1, 80, 60, 60 / 3.3).Abandoned;
        Assert.False(result.All.GaveUpFraction.Contains(wrong), $"{wrong} should lie outside {result.All.GaveUpFraction}");
    }

    [Fact]
    public void Queue_model_with_exponential_patience_prints_erlang_a()
    {
        var form = ClosedForm.For(ErlangAModel(4, 30, 10, 20))!;
        Assert.Equal("Erlang A (M/M/4+M)", form.Formula);
        Assert.Equal(QueueingTheory.ErlangA(4, 30, 6, 3).Abandoned, form.GaveUpFraction!.Value, 12);
        Assert.Null(ClosedForm.For(ErlangAModel(4, 30, 10, 20) with { Classes = [Models.Class("a", 30, ServiceSpec.Exponential(10)) with { Patience = ServiceSpec.Deterministic(20) }] }));
    }

    [Theory]
    [InlineData(3, 40, 5.0, 6, null)] // M/M/3/9: parking for 6, nobody gives up
    [InlineData(3, 40, 5.0, 6, 10.0)] // M/M/3/9+M
    [InlineData(2, 30, 6.0, 4, 15.0)] // M/M/2/6+M, overloaded
    public void Parking_capacity_and_patience_of_a_crossing_match_mmck_plus_m(int lanes, double lambda, double serviceMinutes, int parking, double? patienceMinutes)
    {
        var scenario = new CrossingScenario
        {
            Lanes = lanes,
            ServiceRatePerLanePerHour = 60 / serviceMinutes,
            ParkingCapacity = parking,
            Categories = [new CargoFlow { Name = "general", ArrivalsPerHour = lambda, Patience = patienceMinutes is { } p ? PatienceSpec.Exponential(p / 60) : null }],
            WarmupHours = 100,
            HorizonHours = 2_000_000 / lambda / 24,
            Replications = 24,
            Seed = 42,
        };
        var result = CrossingForecast.Run(scenario, new ForecastOptions { BacklogStepHours = 0 });
        var capacity = lanes + parking;
        var theta = patienceMinutes is { } minutes ? 60 / minutes : 0;
        var theory = QueueingTheory.ErlangA(lanes, lambda, 60 / serviceMinutes, theta, capacity);
        var blocked = Statistics.Estimate.Of(result.Replications.Select(r => r.All.BlockedFraction));
        var gaveUp = Statistics.Estimate.Of(result.Replications.Select(r => r.All.RenegedFraction));

        Expect.Inside(theory.Blocked, blocked, $"M/M/{lanes}/{capacity}+M blocking");
        Expect.Tight(blocked, 0.05, $"M/M/{lanes}/{capacity}+M blocking");
        Expect.Inside(theory.WaitServed * 60, result.AllWaitMinutes.Mean, $"M/M/{lanes}/{capacity}+M mean wait of the served");
        if (patienceMinutes is null)
        {
            Assert.Equal(QueueingTheory.MmcKBlocking(lanes, capacity, lambda, 60 / serviceMinutes), theory.Blocked, 12);
            Assert.Equal(0, gaveUp.Mean);
        }
        else
        {
            Expect.Inside(theory.Abandoned, gaveUp, $"M/M/{lanes}/{capacity}+M P(give up)");
            Expect.Tight(gaveUp, 0.05, $"M/M/{lanes}/{capacity}+M P(give up)");
        }
    }

    // D/D/1 with a closure and deterministic patience. A truck every 10 minutes from time 0, 6 minutes
    // each, gate shut for the first 120 minutes, every driver gives up after 65 minutes of waiting.
    // Truck n arrives at 10n and gives up at 10n + 65: trucks 0..5 do so before the gate opens (at 65,
    // 75, …, 115). Truck 6 (arrived 60) is called at 120, and truck n ≥ 6 at 120 + 6(n − 6) = 84 + 6n as
    // long as that is after its arrival (n ≤ 21), so it waits 84 − 4n minutes — at most 60, below its
    // patience; later trucks do not wait. Spoil limit 50 minutes: the six who gave up had waited 65
    // (spoiled), and of the served trucks 6, 7, 8 (waits 60, 56, 52).
    private static QueueModel GiveUpBehindAClosure() => new()
    {
        Servers = 1,
        Classes =
        [
            new QueueClass
            {
                Name = "fruit",
                Arrival = ArrivalSpec.Regular(6),
                Service = ServiceSpec.Deterministic(6),
                SpoilAfterMinutes = 50,
                Patience = ServiceSpec.Deterministic(65),
            },
        ],
        Closures = [new ClosureWindow(0, 2)],
        HorizonHours = 9.75, // arrivals 0..58; truck 58 is called at 580 minutes and still in service at the horizon
        Replications = 3,
    };

    [Fact]
    public void Deterministic_patience_gives_up_exactly_the_trucks_counted_by_hand()
    {
        var result = QueueForecast.Run(GiveUpBehindAClosure());
        var waits = Enumerable.Range(6, 53).Select(n => Math.Max(0, 84.0 - (4 * n))).ToArray();
        foreach (var replication in result.Replications)
        {
            var tally = replication.All;
            Assert.Equal(59, tally.Arrived);
            Assert.Equal(6, tally.Reneged);
            Assert.Equal(53, tally.Waits);
            Assert.Equal(52, tally.Served);
            Assert.Equal(0, tally.StillWaiting);
            Assert.Equal(waits.Average(), tally.MeanWaitMinutes, 9);
            Assert.Equal(6 + 3, tally.Spoiled);

            // At the reopening (120 min) truck 6 has just been called; trucks 7..11 are stranded, the
            // last of them called at 84 + 66 = 150 minutes.
            Assert.Equal((150 - 120) / 60.0, replication.StrandedCalledHours!.Value, 9);
        }
    }

    [Fact]
    public void Waiting_capacity_turns_away_exactly_the_trucks_that_find_it_full()
    {
        // Same trucks, nobody gives up, room for five to wait: trucks 0..4 wait; 5..11 (50..110 min)
        // find five waiting and are turned away; at 120 the gate opens and truck 0 is called before
        // truck 12 arrives, which finds four waiting. After that the line only shrinks.
        var model = GiveUpBehindAClosure() with
        {
            WaitingCapacity = 5,
            Classes = [GiveUpBehindAClosure().Classes[0] with { Patience = null, SpoilAfterMinutes = null }],
        };
        var result = QueueForecast.Run(model);
        Assert.All(result.Replications, r => Assert.Equal((59L, 7L, 0L), (r.All.Arrived, r.All.Blocked, r.All.Reneged)));
        Assert.Equal(7 / 59.0, result.All.BlockedFraction.Mean, 12);
    }
}
