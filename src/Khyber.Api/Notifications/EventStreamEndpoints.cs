using System.Globalization;
using Khyber.Api.Infrastructure;
using Khyber.Storage;

namespace Khyber.Api.Notifications;

public static class EventStreamEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapEventStream(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", Stream)
            .WithTags("Notifications")
            .WithName("EventStream")
            .WithSummary("Server-sent events of public events (notice, acknowledgement, escalation, status, incident); resume with Last-Event-ID.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .Refuses(400, 404);
        return app;
    }

    private static async Task Stream(HttpContext http, string? crossing, EventFeed feed, KhyberDb db, CancellationToken ct)
    {
        long? resumeAfter = null;
        var lastId = http.Request.Headers["Last-Event-ID"].ToString();
        if (lastId.Length > 0)
        {
            resumeAfter = long.TryParse(lastId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw Problems.BadRequest("Last-Event-ID", "The id of the last event received, as sent in the stream.");
        }

        await feed.Started.WaitAsync(ct);
        // Listen before replaying, so nothing committed in between is lost; positions de-duplicate the overlap.
        using var listener = feed.Listen();
        var sent = resumeAfter ?? feed.Last;

        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync($"retry: 3000\n: connected at position {sent}\n\n", ct);
        await http.Response.Body.FlushAsync(ct);

        if (resumeAfter is { } after)
        {
            foreach (var e in await EventFeed.ReadAsync(db, after, 1000, publicOnly: true, ct))
            {
                sent = await Send(http, e, crossing, sent, ct);
            }
        }
        while (!ct.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(Heartbeat);
            try
            {
                var e = await listener.Events.ReadAsync(wait.Token);
                sent = await Send(http, e, crossing, sent, ct);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await http.Response.WriteAsync(": keep-alive\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }
        }
    }

    private static async Task<long> Send(HttpContext http, FeedEvent e, string? crossing, long sent, CancellationToken ct)
    {
        if (e.Position <= sent)
        {
            return sent;
        }
        if (crossing is null || e.CrossingId == crossing)
        {
            await http.Response.WriteAsync($"id: {e.Position.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Type}\ndata: {e.Payload}\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
        }
        return e.Position;
    }
}
