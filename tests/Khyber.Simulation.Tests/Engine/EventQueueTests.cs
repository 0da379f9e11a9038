using Khyber.Simulation.Engine;

namespace Khyber.Simulation.Tests.Engine;

public class EventQueueTests
{
    [Fact]
    public void Pops_in_time_order_and_ties_first_in_first_out()
    {
        var queue = new EventQueue(4);
        var random = new RandomStream(3, 0);
        var pushed = new List<ScheduledEvent>();
        for (var i = 0; i < 5000; i++)
        {
            // Few distinct times, so that many events tie.
            var e = new ScheduledEvent(random.NextInt(50), i, 0, i);
            pushed.Add(e);
            queue.Push(e);
        }

        var popped = new List<ScheduledEvent>();
        while (queue.TryPop(out var e))
        {
            popped.Add(e);
        }

        Assert.Equal(pushed.OrderBy(e => e.Time).ThenBy(e => e.Sequence), popped);
    }

    [Fact]
    public void Interleaved_pushes_and_pops_keep_the_order()
    {
        var queue = new EventQueue();
        var reference = new PriorityQueue<int, (double, long)>();
        var random = new RandomStream(5, 0);
        long sequence = 0;
        for (var step = 0; step < 20_000; step++)
        {
            if (queue.Count == 0 || random.NextDouble() < 0.55)
            {
                var time = Math.Floor(random.NextDouble() * 100);
                queue.Push(new ScheduledEvent(time, sequence, 0, (int)sequence));
                reference.Enqueue((int)sequence, (time, sequence));
                sequence++;
            }
            else
            {
                Assert.True(queue.TryPop(out var e));
                Assert.Equal(reference.Dequeue(), e.Subject);
            }
        }
    }

    [Fact]
    public void Simulator_runs_until_the_horizon_and_refuses_the_past()
    {
        var simulator = new Simulator();
        var log = new Log();
        simulator.ScheduleAt(2, 1);
        simulator.ScheduleAt(1, 2);
        simulator.ScheduleAt(1, 3);
        simulator.ScheduleAt(5, 4);
        Assert.Equal(3, simulator.Run(ref log, until: 4));
        Assert.Equal([2, 3, 1], log.Kinds);
        Assert.Equal(2, simulator.Now);
        Assert.Equal(5, simulator.NextTime);
        Assert.Throws<ArgumentOutOfRangeException>(() => simulator.ScheduleAt(1.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => simulator.Schedule(-1, 0));
    }

    private struct Log : IEventHandler
    {
        public Log()
        {
        }

        public List<int> Kinds { get; } = [];

        public readonly void Handle(Simulator simulator, in ScheduledEvent scheduled) => Kinds.Add(scheduled.Kind);
    }
}

public class RandomStreamTests
{
    [Fact]
    public void A_stream_depends_only_on_seed_and_replication()
    {
        var a = new RandomStream(42, 3);
        var b = new RandomStream(42, 3);
        var other = new RandomStream(42, 4);
        var first = Enumerable.Range(0, 100).Select(_ => a.NextULong()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 100).Select(_ => b.NextULong()));
        Assert.NotEqual(first, Enumerable.Range(0, 100).Select(_ => other.NextULong()));
    }

    [Theory]
    [InlineData("exponential")]
    [InlineData("uniform")]
    [InlineData("erlang")]
    [InlineData("lognormal")]
    [InlineData("empirical")]
    public void Samples_have_the_stated_mean_and_second_moment(string kind)
    {
        var distribution = kind switch
        {
            "exponential" => Distribution.Exponential(2),
            "uniform" => Distribution.Uniform(1, 4),
            "erlang" => Distribution.Erlang(4, 3),
            "lognormal" => Distribution.LogNormal(2, 1),
            _ => Distribution.Empirical([1, 2, 2, 7]),
        };
        var random = new RandomStream(11, 0);
        const int n = 400_000;
        double sum = 0, sumSquares = 0, sumFourth = 0;
        for (var i = 0; i < n; i++)
        {
            var x = distribution.Sample(ref random);
            Assert.True(x >= 0);
            sum += x;
            sumSquares += x * x;
            sumFourth += x * x * x * x;
        }

        // Mean within 4 standard errors; E[X²] within 4 standard errors of its own estimate.
        var mean = sum / n;
        var variance = (sumSquares / n) - (mean * mean);
        Assert.InRange(distribution.Mean, mean - (4 * Math.Sqrt(variance / n)), mean + (4 * Math.Sqrt(variance / n)));
        var second = sumSquares / n;
        var secondError = Math.Sqrt(((sumFourth / n) - (second * second)) / n);
        Assert.InRange(distribution.SecondMoment, second - (4 * secondError), second + (4 * secondError));
    }
}
