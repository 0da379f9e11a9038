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

/// <summary>A page of the call log, newest call first, and the number to pass as <c>after</c> for the next page (null on the last).</summary>
public sealed record CallLogPage(List<CallView> Calls, long? Next);

/// <summary>
/// The public call log of a direction, newest call first: every call, every truck it took and the rule that chose it —
/// what lets anyone check a truck's place, with the plates masked so that no one is tracked by it.
/// </summary>
public sealed class ListCalls(KhyberDb db) : IUseCase
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    /// <summary>The calls before call number <paramref name="after"/> (from the newest without it), at most <paramref name="limit"/> of them.</summary>
    public async Task<CallLogPage> HandleAsync(string crossingId, string direction, long? after, int? limit, CancellationToken ct)
    {
        var dir = QueueEndpoints.ParseDirection(direction);
        if (!await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            throw Problems.NotFound($"No crossing '{crossingId}'.");
        }
        var errors = new FieldErrors();
        errors.Require(limit is null or (>= 1 and <= MaxLimit), "limit", $"From 1 to {MaxLimit} calls a page.");
        errors.Require(after is null or >= 1, "after", "A call number, 1 or more: the number of the last call of the page before.");
        Problems.ThrowIfAny(errors);
        var take = limit ?? DefaultLimit;

        var query = db.CallRecords.AsNoTracking().Where(c => c.CrossingId == crossingId && c.Direction == dir);
        if (after is { } before)
        {
            query = query.Where(c => c.Number < before);
        }
        var calls = await query.OrderByDescending(c => c.Number).Take(take + 1).Include(c => c.Trucks).AsSplitQuery().ToListAsync(ct);
        var next = calls.Count > take ? calls[take - 1].Number : (long?)null;
        return new CallLogPage([.. calls.Take(take).Select(View)], next);
    }

    public static CallView View(CallRecord c) => new(
        c.Id, c.Number, c.At, c.CrossingId, c.Direction.Id(), c.QueuedBefore,
        [.. c.Trucks.OrderBy(t => t.Position).Select(t => new CalledTruckView(t.Position, CalledTruck.Masked(t.Plate), t.Category, t.Rule, t.QueueNumber))]);
}
