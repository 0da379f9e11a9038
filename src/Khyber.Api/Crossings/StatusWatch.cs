using Khyber.Storage;

namespace Khyber.Api.Crossings;

/// <summary>
/// Learns of the changes other instances commit to the same database, so that <see cref="StatusBoard"/> recomputes within
/// <c>Status:PollMilliseconds</c> (default 250 ms) of them: it reads the audit chain's head — one row, one round trip — and
/// any sequence number this process did not commit itself marks every crossing stale (<see cref="StoreChanges.Foreign"/>).
/// </summary>
/// <remarks>
/// A status computation looks at the head too before it brings a kept status up to date (<see cref="StatusBoard"/>), so
/// that it never misses a change committed before it began; this watch is what makes readers of an unchanged crossing
/// notice another instance's change.
/// Every audited change moves the head, on SQLite and PostgreSQL alike, so polling it needs no listener connection and
/// misses nothing a notification could lose. 0 turns it off (one instance alone on its database).
/// The interval is real time, not the application's clock: it bounds staleness, and tests move their clock by hand.
/// </remarks>
public sealed class StatusWatch(IServiceScopeFactory scopes, IConfiguration config, ILogger<StatusWatch> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(config.GetValue("Status:PollMilliseconds", 250), 0, 60_000));
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
                await StoreChanges.CatchUpAsync(db, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A database briefly out of reach (or not yet migrated) only delays what this instance learns.
                log.LogDebug(e, "Could not read the audit head.");
            }
            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
