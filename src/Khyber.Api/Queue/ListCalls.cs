using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Queue;

/// <summary>One truck of a call as the public sees it: its place in the call, its plate masked to the last three characters, its cargo category and the rule that chose it.</summary>
public sealed record CalledTruckView(int Position, string Plate, CargoCategory Category, CallRule Rule, long QueueNumber);

/// <summary>
/// One call forward of a direction: its number (1, 2, 3… per direction), when it was made, and the trucks it took in order.
/// <c>queuedBefore</c>: every truck with a queue number below it had joined the queue before the call.
/// </summary>
public sealed record CallView(Guid Id, long Number, DateTimeOffset At, string CrossingId, string Direction, long QueuedBefore, List<CalledTruckView> Trucks);

/// <summary>The place of a call in the log's order, as the cursor holds it.</summary>
public sealed record CallKey(long Number);

/// <summary>
/// The public call log of a direction, newest call first: every call, every truck it took and the rule that chose it —
/// what lets anyone check a truck's place, with the plates masked so that no one is tracked by it.
/// </summary>
public sealed class ListCalls(KhyberDb db) : IUseCase
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    /// <summary>A page of calls, newest first, after the cursor's call; the page size counts calls (each holds up to <see cref="CallRules.MaxCall"/> trucks).</summary>
    public async Task<Page<CallView>> HandleAsync(string crossingId, string direction, PageRequest page, CancellationToken ct)
    {
        var dir = QueueEndpoints.ParseDirection(direction);
        var limit = Paging.Limit(page.Limit, DefaultLimit, MaxLimit);
        var after = Paging.After<CallKey>(page.After);
        if (!await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            throw Problems.NotFound($"No crossing '{crossingId}'.");
        }
        var query = db.CallRecords.AsNoTracking().Where(c => c.CrossingId == crossingId && c.Direction == dir);
        if (after is not null)
        {
            query = query.Where(c => c.Number < after.Number);
        }
        var calls = await Paging.ReadAsync(query.OrderByDescending(c => c.Number).Include(c => c.Trucks).AsSplitQuery(), limit, c => new CallKey(c.Number), ct);
        return calls.Select(View);
    }

    public static CallView View(CallRecord c) => new(
        c.Id, c.Number, c.At, c.CrossingId, c.Direction.Id(), c.QueuedBefore,
        [.. c.Trucks.OrderBy(t => t.Position).Select(t => new CalledTruckView(t.Position, CalledTruck.Masked(t.Plate), t.Category, t.Rule, t.QueueNumber))]);
}
