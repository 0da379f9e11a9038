namespace Khyber.Api.Infrastructure;

/// <summary>
/// Runs <typeparamref name="TJob"/> at start and then once a period on the injected clock, each run in a scope of its
/// own: a clock of the server's (the operations tick, the measuring of commitments, the retention rule) is this and
/// its period. Tests drive it with a fake time, or remove it and run the job at the instants they choose.
/// </summary>
/// <remarks>A failed run is logged and tried again at the next tick: one bad run must not stop the clock.</remarks>
public abstract class PeriodicJob<TJob>(IServiceScopeFactory scopes, TimeProvider time, ILogger log, TimeSpan period, string job, Func<TJob, CancellationToken, Task> run)
    : BackgroundService
    where TJob : notnull
{
    /// <summary>The period set under <paramref name="key"/> (<paramref name="fallback"/> without one) in whole <paramref name="unit"/>s, at least one.</summary>
    protected static TimeSpan Every(IConfiguration config, string key, int fallback, TimeSpan unit) => unit * Math.Max(1, config.GetValue(key, fallback));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await run(scope.ServiceProvider.GetRequiredService<TJob>(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "{Job} failed; retrying at the next run", job);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
