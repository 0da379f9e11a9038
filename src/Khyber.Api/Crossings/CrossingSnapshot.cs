using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Stranded;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Crossings;

/// <summary>
/// The live picture of one crossing at one instant: its gates from the notices, its queues from the
/// trucks, and what follows — positions, estimated calls, waits and the stranded.
/// </summary>
public sealed class CrossingSnapshot
{
    private readonly Dictionary<Direction, IReadOnlyList<QueueSlot>> _positions = [];

    private CrossingSnapshot(Crossing crossing, IReadOnlyCollection<Notice> notices, IReadOnlyCollection<Truck> queued, DateTimeOffset now, int trucksRead, bool settingsRead)
    {
        SettingsRead = settingsRead;
        Crossing = crossing;
        Notices = notices;
        Queued = queued;
        Now = now;
        TrucksRead = trucksRead;
    }

    /// <summary>Whether the crossing's settings and notices were read from the database to make this snapshot.</summary>
    public bool SettingsRead { get; }

    /// <summary>How many truck rows were read from the database to make this snapshot.</summary>
    public int TrucksRead { get; }

    public Crossing Crossing { get; }

    public IReadOnlyCollection<Notice> Notices { get; }

    /// <summary>Trucks waiting or called.</summary>
    public IReadOnlyCollection<Truck> Queued { get; }

    public DateTimeOffset Now { get; }

    public static async Task<CrossingSnapshot?> LoadAsync(KhyberDb db, string crossingId, DateTimeOffset now, CancellationToken ct)
    {
        var all = await LoadAsync(db, crossingId, now, ct, single: true);
        return all.FirstOrDefault();
    }

    public static Task<List<CrossingSnapshot>> LoadAllAsync(KhyberDb db, DateTimeOffset now, CancellationToken ct) =>
        LoadAsync(db, null, now, ct, single: false);

    private static async Task<List<CrossingSnapshot>> LoadAsync(KhyberDb db, string? crossingId, DateTimeOffset now, CancellationToken ct, bool single)
    {
        // Queries are composed per case rather than with "(all || id = x)", so the database can use its indexes.
        var crossingQuery = db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery();
        var noticeQuery = db.Notices.AsNoTracking();
        var truckQuery = db.Trucks.AsNoTracking().Where(t => t.Status == TruckStatus.Waiting || t.Status == TruckStatus.Called);
        if (single)
        {
            crossingQuery = crossingQuery.Where(c => c.Id == crossingId);
            noticeQuery = noticeQuery.Where(n => n.CrossingId == crossingId);
            truckQuery = truckQuery.Where(t => t.CrossingId == crossingId);
        }
        var crossings = await crossingQuery.OrderBy(c => c.Name).ToListAsync(ct);
        if (crossings.Count == 0)
        {
            return [];
        }
        var notices = await noticeQuery.ToListAsync(ct);
        var queued = await truckQuery.ToListAsync(ct);
        var noticesBy = notices.ToLookup(n => n.CrossingId);
        var queuedBy = queued.ToLookup(t => t.CrossingId);
        return crossings.Select(c => new CrossingSnapshot(c, noticesBy[c.Id].ToList(), queuedBy[c.Id].ToList(), now, queuedBy[c.Id].Count(), settingsRead: true)).ToList();
    }

    /// <summary>
    /// The crossing now, made from <paramref name="previous"/> and what changed since it was loaded: of its trucks only the
    /// <paramref name="changes"/>' ones are read again — by key, and kept when they are waiting or called here — while
    /// every other queued truck is the one <paramref name="previous"/> holds; the crossing's settings and its notices (one
    /// row and a few) are read again only when the changes wrote some of its rows other than trucks. The same as
    /// <see cref="LoadAsync(KhyberDb, string, DateTimeOffset, CancellationToken)"/> when <paramref name="changes"/> holds
    /// everything written since <paramref name="previous"/>'s rows were read.
    /// </summary>
    /// <remarks>
    /// A direction's queue counter, which every check-in moves, is not among those rows: the crossing kept here may hold
    /// an older one, and nothing drawn from a status uses it (a call reads its direction in its own transaction).
    /// </remarks>
    /// <returns>Null for a crossing that no longer exists.</returns>
    public static async Task<CrossingSnapshot?> UpdateAsync(KhyberDb db, CrossingSnapshot previous, ChangedRows changes, DateTimeOffset now, CancellationToken ct)
    {
        var id = previous.Crossing.Id;
        var crossing = previous.Crossing;
        var notices = previous.Notices;
        if (changes.OtherRows)
        {
            crossing = await CrossingLookups.Whole(db, id, ct);
            if (crossing is null)
            {
                return null;
            }
            notices = await db.Notices.AsNoTracking().Where(n => n.CrossingId == id).ToListAsync(ct);
        }
        var queued = new List<Truck>(previous.Queued.Count + changes.Trucks.Count);
        queued.AddRange(previous.Queued.Where(t => !changes.Trucks.Contains(t.Id)));
        var read = 0;
        if (changes.Trucks.Count > 0)
        {
            var ids = changes.Trucks.ToList();
            var reloaded = await db.Trucks.AsNoTracking().Where(t => ids.Contains(t.Id)).ToListAsync(ct);
            read = reloaded.Count;
            queued.AddRange(reloaded.Where(t => t.CrossingId == id && t.Status is TruckStatus.Waiting or TruckStatus.Called));
        }
        return new CrossingSnapshot(crossing, notices, queued, now, read, settingsRead: changes.OtherRows);
    }

    public DirectionState StateOf(Direction direction) => GateTimeline.StateOf(Notices, direction, Now);

    public GateState SideState(Side side) => GateTimeline.SideState(Notices, side, Now);

    public IEnumerable<Truck> QueuedIn(Direction direction) => Queued.Where(t => t.Direction == direction);

    public IEnumerable<Truck> WaitingIn(Direction direction) => QueuedIn(direction).Where(t => t.Status == TruckStatus.Waiting);

    public StrandedCount Stranded(Direction direction) => StrandedCount.Of(StateOf(direction), QueuedIn(direction));

    /// <summary>Position and estimated call of every waiting truck of a direction, in call order.</summary>
    public IReadOnlyList<QueueSlot> Positions(Direction direction)
    {
        if (!_positions.TryGetValue(direction, out var slots))
        {
            slots = Compute(direction, WaitingIn(direction).Select(QueuedTruck.Of).ToList());
            _positions[direction] = slots;
        }
        return slots;
    }

    public QueueSlot? PositionOf(Truck truck) =>
        truck.Status == TruckStatus.Waiting ? Positions(truck.Direction).FirstOrDefault(s => s.Truck.Id == truck.Id) : null;

    /// <summary>
    /// How long a truck of this category checking in now would wait to be called: found by placing
    /// one more such truck at the end of the real queue. Null when its way is blocked with no known reopening.
    /// </summary>
    public double? EstimatedWaitMinutes(Direction direction, CargoCategory category)
    {
        var waiting = WaitingIn(direction).Select(QueuedTruck.Of).ToList();
        var probe = new QueuedTruck(
            Guid.Empty,
            category,
            long.MaxValue,
            Now,
            category == CargoCategory.Perishable ? Now.AddHours(72) : null);
        waiting.Add(probe);
        var slot = Compute(direction, waiting).First(s => s.Truck.Id == Guid.Empty);
        return slot.EstimatedCallAt is { } at ? Math.Round(Math.Max(0, (at - Now).TotalMinutes)) : null;
    }

    private IReadOnlyList<QueueSlot> Compute(Direction direction, IReadOnlyCollection<QueuedTruck> waiting)
    {
        var config = Crossing.DirectionOf(direction);
        // Trucks already called occupy the lanes first.
        var called = QueuedIn(direction).Count(t => t.Status == TruckStatus.Called);
        var capacity = config.CapacityPerHour;
        var start = capacity > 0 ? Now.AddHours(called / capacity) : Now;
        return QueueOrder.Positions(waiting, config.Policy, config.PerishableCredit, StateOf(direction), capacity, Crossing.NextOperating, start);
    }
}
