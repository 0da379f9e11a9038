using System.Threading.Channels;
using Khyber.Api.Infrastructure;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notifications;

/// <summary>An event as the stream sends it: its store position (the SSE id, for resuming) and its JSON.</summary>
public sealed record FeedEvent(long Position, Guid Id, string Type, string? CrossingId, string Payload);

/// <summary>
/// Follows the outbox and hands each new public event to every open event stream of this instance.
/// </summary>
/// <remarks>
/// It reads the database rather than an in-process signal, so an event committed by another instance
/// sharing the database reaches this instance's listeners too. Positions grow in commit order because every
/// event is written in an audited transaction, and those append one after another.
/// </remarks>
public sealed class EventFeed(IServiceScopeFactory scopes, IConfiguration config, ILogger<EventFeed> log) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly List<Channel<FeedEvent>> _listeners = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The position up to which events have been handed out.</summary>
    public long Last { get; private set; }

    /// <summary>Completes once the feed knows where the outbox ends, so no later event is missed by a new listener.</summary>
    public Task Started => _started.Task;

    public Listener Listen()
    {
        // A listener that cannot keep up loses its oldest events rather than the server's memory; it can resume by id.
        var channel = Channel.CreateBounded<FeedEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            _listeners.Add(channel);
        }
        return new Listener(channel.Reader, () =>
        {
            lock (_gate)
            {
                _listeners.Remove(channel);
            }
        });
    }

    public static async Task<List<FeedEvent>> ReadAsync(KhyberDb db, long after, int limit, bool publicOnly, CancellationToken ct)
    {
        var query = db.OutboxMessages.AsNoTracking().Where(m => m.Position > after);
        if (publicOnly)
        {
            var types = EventTypes.Public.ToList();
            query = query.Where(m => types.Contains(m.Type));
        }
        return await query.OrderBy(m => m.Position).Take(limit)
            .Select(m => new FeedEvent(m.Position, m.Id, m.Type, m.CrossingId, m.Payload))
            .ToListAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(Math.Max(20, config.GetValue("Events:PollMilliseconds", 250)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<KhyberDb>();
                if (!_started.Task.IsCompleted)
                {
                    Last = await db.OutboxMessages.MaxAsync(m => (long?)m.Position, stoppingToken) ?? 0;
                    _started.TrySetResult();
                }
                List<FeedEvent> batch;
                do
                {
                    batch = await ReadAsync(db, Last, 500, publicOnly: false, stoppingToken);
                    foreach (var e in batch.Where(e => EventTypes.Public.Contains(e.Type)))
                    {
                        Broadcast(e);
                    }
                    if (batch.Count > 0)
                    {
                        Last = batch[^1].Position;
                    }
                }
                while (batch.Count == 500);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Reading the outbox for the event stream failed; trying again");
            }
            try
            {
                await Task.Delay(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Broadcast(FeedEvent e)
    {
        lock (_gate)
        {
            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(e);
            }
        }
    }

    public sealed class Listener(ChannelReader<FeedEvent> reader, Action dispose) : IDisposable
    {
        public ChannelReader<FeedEvent> Events { get; } = reader;

        public void Dispose() => dispose();
    }
}
