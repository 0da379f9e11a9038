using System.Diagnostics;

/// <summary>
/// One closed-loop measurement: as many workers as asked each send their next request as soon as the last is answered,
/// until the time is up; the count, the rate, p50/p99 latency and the errors by kind come out, and, given the server's
/// process, its CPU seconds per 1 000 answered requests. A scenario says only what one worker does.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>What one worker has seen; the scenario says when it is still to go on, and how each attempt ended.</summary>
    public sealed class Worker(Stopwatch clock, TimeSpan duration)
    {
        internal List<double> Latencies { get; } = new(100_000);

        internal Dictionary<string, int> Errors { get; } = [];

        public bool Running => clock.Elapsed < duration;

        /// <summary>An attempt answered well, timed from <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
        public void Ok(long started) => Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        public void Error(string kind) => Errors[kind] = Errors.GetValueOrDefault(kind) + 1;
    }

    public static async Task<Result> MeasureAsync(int concurrency, TimeSpan duration, ServerCpu? cpu, Func<Worker, Task> work)
    {
        var cpuBefore = cpu?.Seconds();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => new Worker(clock, duration)).ToArray();
        await Task.WhenAll(workers.Select(work));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = workers.SelectMany(w => w.Latencies).Order().ToArray();
        var errors = workers.SelectMany(w => w.Errors).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        var cpuPer1000 = cpu is null || all.Length == 0 ? (double?)null : (cpu.Seconds() - cpuBefore!.Value) * 1000 / all.Length;
        return new Result(all.Length, all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99), errors, cpuPer1000);
    }

    /// <summary>The value below which the share <paramref name="p"/> of <paramref name="sorted"/> lies; NaN of none.</summary>
    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
