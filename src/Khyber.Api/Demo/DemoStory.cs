using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Queue;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Demo;

/// <summary>The notices, queues and history of the demo, generated from a fixed seed relative to now.</summary>
internal sealed class DemoStory(KhyberDb db, DateTimeOffset now, int seed)
{
    private readonly Random _random = new(seed);
    private readonly HashSet<string> _activePlates = [];
    // Tens of thousands of trucks drawn from 30^8 codes clash about once in a thousand stories: the story draws again.
    private readonly HashSet<string> _trackingCodes = [];
    private readonly List<Notice> _notices = [];
    private int _plateCounter;

    /// <summary>When the Afghan side closed Torkham.</summary>
    public DateTimeOffset TorkhamClosedAt => now.AddHours(-52);

    public async Task WriteAsync(int historyDays, CancellationToken ct)
    {
        // Thousands of rows: detect changes once, at the save (which detects them itself), not on every Add.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var crossings = await db.Crossings.Include(c => c.Directions).ToListAsync(ct);
        WriteNotices(historyDays);
        foreach (var crossing in crossings)
        {
            WriteHistory(crossing, historyDays);
            WriteQueues(crossing);
        }
        WriteStrandedHistory(historyDays);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
    }

    private void WriteNotices(int historyDays)
    {
        // Eighteen days ago Pakistan restricted Torkham after a security alert, and lifted it two days later; Afghanistan acknowledged both.
        var restricted = Notice(Side.PK, "torkham", GateState.Restricted, ReasonCategory.Security,
            "Heightened security alert on the Khyber road: only perishable and humanitarian cargo passes until the alert is lifted.",
            now.AddDays(-18), now.AddDays(-16), emergency: true, justification: "Credible threat reported by the Frontier Corps the same morning.", issuedBefore: TimeSpan.FromMinutes(40));
        restricted.Acknowledge(Side.AF, "af.liaison", now.AddDays(-18).AddHours(3));
        var lifted = Notice(Side.PK, "torkham", GateState.Open, ReasonCategory.Security, "Security alert lifted; normal operations resume.",
            now.AddDays(-16), null, emergency: false, justification: null, issuedBefore: TimeSpan.FromHours(1));
        lifted.Acknowledge(Side.AF, "af.liaison", now.AddDays(-16).AddHours(2));

        // Ten days ago a transporters' protest closed Chaman–Spin Boldak for a day.
        var protest = Notice(Side.PK, "chaman", GateState.Closed, ReasonCategory.Other,
            "Transporters' sit-in blocks the terminal approach road; the gate is closed until the road is clear.",
            now.AddDays(-10), now.AddDays(-9), emergency: true, justification: "The approach road was blocked without warning.", issuedBefore: TimeSpan.FromMinutes(20));
        protest.Acknowledge(Side.AF, "af.liaison", now.AddDays(-10).AddHours(1));
        var reopened = Notice(Side.PK, "chaman", GateState.Open, ReasonCategory.Other, "The road is clear; the terminal is open.",
            now.AddDays(-9), null, emergency: false, justification: null, issuedBefore: TimeSpan.FromMinutes(30));
        reopened.Acknowledge(Side.AF, "af.liaison", now.AddDays(-9).AddHours(1));

        // Torkham today: closed by the Afghan side over Pakistan's alleged failure to keep its commitments; Pakistan has not acknowledged.
        // It cites the exchange of fire and the commitment Afghanistan disputes.
        var cited = DemoRegisters.Write(db, now, TorkhamClosedAt, historyDays);
        Notice(Side.AF, "torkham", GateState.Closed, ReasonCategory.CommitmentDispute,
            "The Islamic Emirate has closed Torkham because Pakistan has not complied with the commitments it made on the movement of traders, " +
            "patients and transit trucks, and has built new structures at the zero point against what was agreed. The gate stays closed until " +
            "Pakistan honours its commitments.",
            TorkhamClosedAt, null, emergency: true,
            justification: "Closed at once by order of the provincial authorities after the exchange of fire at the zero point.",
            issuedBefore: TimeSpan.FromMinutes(5), incidents: [cited.ExchangeOfFire], commitments: [cited.DisputedCommitment]);
    }

    /// <summary>A notice of both directions, issued <paramref name="issuedBefore"/> its effective time by the side's officer, through the one factory of notices.</summary>
    private Notice Notice(
        Side side, string crossing, GateState state, ReasonCategory category, string reason, DateTimeOffset from, DateTimeOffset? until, bool emergency, string? justification,
        TimeSpan issuedBefore, IReadOnlyList<Guid>? incidents = null, IReadOnlyList<Guid>? commitments = null)
    {
        var terms = new NoticeTerms(state, [Direction.PkToAf, Direction.AfToPk], category, reason, from, until, emergency, justification, []);
        var issuedBy = side == Side.PK ? $"pk.officer.{crossing}" : $"af.officer.{crossing}";
        var notice = Khyber.Domain.Notices.Notice.Issue(crossing, side, terms, incidents ?? [], commitments ?? [], issuedBy, from - issuedBefore);
        // Announced in force at its time, as the operations clock would have done.
        NoticeLifecycle.ComeIntoForce([notice], from);
        db.Notices.Add(notice);
        _notices.Add(notice);
        return notice;
    }

    /// <summary>
    /// Weeks of trucks that crossed, at the crossing's usual daily volume, with gaps while it was closed — called forward
    /// by the queue's own rules (<see cref="CallRules.CallWithRules"/>) every half hour or so while the direction was open,
    /// each call written to the call log as an officer's would be, so that the public call log explains the demo's history.
    /// </summary>
    private void WriteHistory(Crossing crossing, int days)
    {
        var perDay = crossing.Id switch
        {
            "torkham" => 320,
            "chaman" => 200,
            _ => 30,
        };
        var notices = _notices.Where(n => n.CrossingId == crossing.Id).ToList();
        foreach (var config in crossing.Directions)
        {
            var start = now.AddDays(-days);
            var arrivals = new List<(DateTimeOffset Arrived, Truck Truck)>();
            for (var day = 0; day < days; day++)
            {
                var count = (int)(perDay * (0.8 + 0.4 * _random.NextDouble()));
                for (var i = 0; i < count; i++)
                {
                    var arrived = start.AddDays(day).AddMinutes(_random.Next(0, 24 * 60));
                    if (!Flowing(crossing.Id, arrived) || arrived > now.AddHours(-6))
                    {
                        continue;
                    }
                    arrivals.Add((arrived, NewTruck(crossing.Id, config.Direction, arrived.AddHours(-_random.Next(2, 30)), historical: true)));
                }
            }
            arrivals.Sort((a, b) => a.Arrived.CompareTo(b.Arrived));

            var departure = config.Direction.DepartureSide().ToString().ToLowerInvariant();
            var arrival = config.Direction.ArrivalSide().ToString().ToLowerInvariant();
            var waiting = new List<Truck>();
            var next = 0;
            var number = 0L;
            // A call every 20 to 40 minutes, taking what the half hour's share of the day's volume comes to.
            for (var at = start.AddMinutes(_random.Next(20, 40)); at < now.AddHours(-2); at = at.AddMinutes(_random.Next(20, 40)))
            {
                for (; next < arrivals.Count && arrivals[next].Arrived <= at; next++)
                {
                    var (arrived, truck) = arrivals[next];
                    truck.CheckIn(config.NextQueueNumber++, arrived);
                    waiting.Add(truck);
                }
                var state = GateTimeline.StateOf(notices, config.Direction, at);
                if (waiting.Count == 0 || !Flowing(crossing.Id, at) || state.Blocked || !crossing.IsOperating(at))
                {
                    continue;
                }
                var count = Math.Clamp((int)Math.Ceiling(perDay / 48.0 * (0.9 + 0.8 * _random.NextDouble())), 1, CallRules.MaxCall);
                var picks = CallRules.CallWithRules(crossing, config, state, waiting, count, $"{departure}.officer.{crossing.Id}", at);
                if (picks.Count == 0)
                {
                    continue;
                }
                db.CallRecords.Add(CallRecord.Of(config, ++number, picks, $"{departure}.officer.{crossing.Id}", at));
                foreach (var truck in picks.Select(p => p.Truck))
                {
                    waiting.Remove(truck);
                    truck.Exit($"{departure}.officer.{crossing.Id}", at.AddMinutes(_random.Next(5, 25)));
                    truck.Enter($"{arrival}.officer.{crossing.Id}", at.AddMinutes(_random.Next(30, 90)));
                    db.Trucks.Add(truck);
                }
            }
            // Trucks the history left waiting are not written: the queues of today are written apart (WriteQueues).
        }
    }

    /// <summary>Who waits now: hundreds at Torkham on both sides since the closure, some traffic elsewhere.</summary>
    private void WriteQueues(Crossing crossing)
    {
        foreach (var config in crossing.Directions)
        {
            var (waiting, since) = crossing.Id switch
            {
                "torkham" => (config.Direction == Direction.PkToAf ? 460 : 340, TorkhamClosedAt.AddHours(-6)),
                "chaman" => (60, now.AddHours(-8)),
                _ => (12, now.AddHours(-5)),
            };
            var span = now - since;
            var arrivals = Enumerable.Range(0, waiting)
                .Select(_ => since + span * _random.NextDouble())
                .OrderBy(t => t)
                .ToList();
            foreach (var arrived in arrivals)
            {
                var truck = NewTruck(crossing.Id, config.Direction, arrived.AddHours(-_random.Next(1, 12)), historical: false);
                truck.CheckIn(config.NextQueueNumber++, arrived);
                // A few perishables at Torkham have already rotted while the gate stayed shut.
                truck.SpoilIfDue(now);
                db.Trucks.Add(truck);
            }
            // Some trucks registered but still on the road to the waiting area.
            for (var i = 0; i < waiting / 20; i++)
            {
                db.Trucks.Add(NewTruck(crossing.Id, config.Direction, now.AddHours(-_random.Next(1, 6)), historical: false));
            }
        }
    }

    /// <summary>The stranded series: hourly points through history, rising while a direction was blocked.</summary>
    private void WriteStrandedHistory(int days)
    {
        foreach (var crossing in DemoCrossings.Ids)
        {
            foreach (var direction in Directions.All)
            {
                for (var at = now.AddDays(-days); at < now; at = at.AddHours(1))
                {
                    var blocked = !Flowing(crossing, at);
                    var blockedFor = blocked ? BlockedSince(crossing, at) : TimeSpan.Zero;
                    var rate = crossing switch { "torkham" => 14, "chaman" => 9, _ => 1.2 };
                    var trucks = blocked ? (int)(rate * blockedFor.TotalHours) : 0;
                    var perishable = (int)(trucks * 0.35);
                    db.StrandedSnapshots.Add(new StrandedSnapshot
                    {
                        CrossingId = crossing,
                        Direction = direction,
                        At = at,
                        Blocked = blocked,
                        Trucks = trucks,
                        PerishableTrucks = perishable,
                        SpoilingBeforeReopening = blocked ? perishable : 0,
                        ValueAtRiskUsd = blocked ? perishable * 9_000m : 0,
                    });
                }
            }
        }
    }

    /// <summary>Whether trucks moved at a crossing at a past moment of the story.</summary>
    private bool Flowing(string crossing, DateTimeOffset at) => crossing switch
    {
        "torkham" => at < TorkhamClosedAt,
        "chaman" => at < now.AddDays(-10) || at >= now.AddDays(-9),
        _ => true,
    };

    private TimeSpan BlockedSince(string crossing, DateTimeOffset at) => crossing switch
    {
        "torkham" => at - TorkhamClosedAt,
        "chaman" => at - now.AddDays(-10),
        _ => TimeSpan.Zero,
    };

    private Truck NewTruck(string crossing, Direction direction, DateTimeOffset registered, bool historical)
    {
        var kinds = direction == Direction.PkToAf ? DemoCargo.PkToAf : DemoCargo.AfToPk;
        var kind = kinds[_random.Next(kinds.Length)];
        var fromPk = direction == Direction.PkToAf;
        // Most trucks belong to the crowd of carriers; every twelfth to one of the two demo carriers.
        var carrier = _plateCounter % 12 == 0 ? DemoCargo.Carriers[0].Id
            : _plateCounter % 12 == 6 ? DemoCargo.Carriers[1].Id
            : DemoCargo.Carriers[2 + _random.Next(DemoCargo.Carriers.Length - 2)].Id;
        var weight = kind.Weight * 1000m * (decimal)(0.8 + 0.4 * _random.NextDouble());
        var spoils = kind.Category == CargoCategory.Perishable ? registered.AddHours(kind.ShelfLifeHours * (0.6 + 0.8 * _random.NextDouble())) : (DateTimeOffset?)null;
        var truck = new Truck
        {
            Id = Guid.NewGuid(),
            CrossingId = crossing,
            Direction = direction,
            Plate = NextPlate(fromPk, historical),
            RegistrationCountry = fromPk ? "PK" : "AF",
            CarrierId = carrier,
            DriverName = (fromPk ? DemoCargo.PkDrivers : DemoCargo.AfDrivers)[_random.Next(15)],
            DriverDocumentNumber = (fromPk ? "PK" : "AF") + _random.Next(1_000_000, 9_999_999),
            CargoDescription = kind.Description,
            HsCode = kind.HsCode,
            Category = kind.Category,
            ValueUsd = Math.Round(kind.ValuePerTonne * weight / 1000m, 0),
            WeightKg = Math.Round(weight, 0),
            SpoilsAt = spoils,
            TrackingCode = NewTrackingCode(),
            RegisteredAt = registered,
        };
        truck.Activate(registered);
        return truck;
    }

    private string NewTrackingCode()
    {
        var code = TrackingCode.New();
        while (!_trackingCodes.Add(code))
        {
            code = TrackingCode.New();
        }
        return code;
    }

    private string NextPlate(bool fromPk, bool historical)
    {
        while (true)
        {
            _plateCounter++;
            var prefixes = fromPk ? DemoCargo.PkPlatePrefixes : DemoCargo.AfPlatePrefixes;
            var plate = TruckRules.NormalizePlate($"{prefixes[_random.Next(prefixes.Length)]}{_random.Next(1000, 99999)}");
            if (historical || _activePlates.Add(plate))
            {
                return plate;
            }
        }
    }
}
