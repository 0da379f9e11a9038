using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

public static class TruckEndpoints
{
    public static IEndpointRouteBuilder MapTrucks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/trucks").WithTags("Trucks and queues").RequireAuthorization();

        group.MapPost("/", Register).Idempotent()
            .WithName("RegisterTruck")
            .WithSummary("A carrier registers a truck and its cargo for a crossing and direction (one active registration per plate).");
        group.MapGet("/{id:guid}", Get)
            .WithName("GetTruck")
            .WithSummary("One truck with its status, queue position and estimated call time.");
        group.MapGet("/", List)
            .WithName("ListTrucks")
            .WithSummary("Trucks by crossing, direction and status; a carrier sees only its own.");
        group.MapPost("/{id:guid}/arrival", (Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct) =>
                Change(id, http, db, time, ct, Permissions.MayCheckIn, "Only the truck's carrier or the departure side's officer checks it in.", (truck, actor, now, direction) =>
                {
                    truck.CheckIn(direction.NextQueueNumber++, now);
                }))
            .WithName("CheckInTruck")
            .WithSummary("The truck has arrived at the waiting area: it joins its direction's queue and gets a position.");
        group.MapPost("/{id:guid}/cancellation", (Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct) =>
                Change(id, http, db, time, ct, Permissions.MayCancel, "Only the truck's carrier may cancel its registration.", (truck, _, now, _) => truck.Cancel(now)))
            .WithName("CancelTruck")
            .WithSummary("The carrier withdraws the registration; the plate is free again.");
        group.MapPost("/{id:guid}/exit", (Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct) =>
                Change(id, http, db, time, ct, Permissions.MayRecordExit, "Only an officer of the departure side at this crossing records an exit.", (truck, actor, now, _) => truck.Exit(actor.UserName, now)))
            .WithName("RecordExit")
            .WithSummary("The departure side's officer records that a called truck has left through its gate.");
        group.MapPost("/{id:guid}/entry", (Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct) =>
                Change(id, http, db, time, ct, Permissions.MayRecordEntry, "Only an officer of the arrival side at this crossing records an entry.", (truck, actor, now, _) => truck.Enter(actor.UserName, now)))
            .WithName("RecordEntry")
            .WithSummary("The arrival side's officer records that the truck has entered.");
        group.MapPost("/{id:guid}/rejection", async (Guid id, Body<RejectionRequest> body, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct) =>
            {
                var reason = body.Value.Reason?.Trim();
                if (string.IsNullOrEmpty(reason) || reason.Length > 1000)
                {
                    throw Problems.Invalid("reason", "Say why the truck is rejected (1–1000 characters).");
                }
                return await Change(id, http, db, time, ct, Permissions.MayReject, "Only an officer at this crossing rejects a truck.", (truck, actor, now, _) => truck.Reject(actor.UserName, reason, now));
            })
            .WithName("RejectTruck")
            .WithSummary("An officer of either side turns the truck away, with the reason.");
        return app;
    }

    private static async Task<IResult> Register(Body<RegisterTruckRequest> body, HttpContext http, KhyberDb db, TimeProvider time, Idempotency idempotency, CancellationToken ct)
    {
        var actor = http.User.Actor();
        AuthSetup.Require(Permissions.MayRegisterTruck(actor), "Trucks are registered by their carrier.");
        var r = body.Value;
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var draft = new TruckDraft(
            r.CrossingId, r.Direction, r.Plate, r.RegistrationCountry?.Trim(), r.Driver?.Name, r.Driver?.DocumentNumber,
            r.Cargo?.Description, r.Cargo?.HsCode, r.Cargo?.Category, r.Cargo?.ValueUsd, r.Cargo?.WeightKg, r.Cargo?.SpoilsAt, r.Cargo?.ShelfLifeHours);
        var spoilsAt = TruckRules.Check(draft, now, errors);
        if (r.CrossingId is { Length: > 0 } crossingId && !await db.Crossings.AnyAsync(c => c.Id == crossingId, ct))
        {
            errors.Add("crossingId", $"No crossing '{crossingId}'.");
        }
        Problems.ThrowIfAny(errors);

        TruckRules.TryParseCategory(r.Cargo!.Category, out var category);
        Directions.TryParse(r.Direction, out var direction);
        var plate = TruckRules.NormalizePlate(r.Plate!);
        var truck = new Truck
        {
            Id = Guid.NewGuid(),
            CrossingId = r.CrossingId!,
            Direction = direction,
            Plate = plate,
            RegistrationCountry = r.RegistrationCountry!.Trim(),
            CarrierId = actor.CarrierId!,
            DriverName = r.Driver!.Name!.Trim(),
            DriverDocumentNumber = r.Driver.DocumentNumber!.Trim().ToUpperInvariant(),
            CargoDescription = r.Cargo.Description!.Trim(),
            HsCode = r.Cargo.HsCode!,
            Category = category,
            ValueUsd = r.Cargo.ValueUsd!.Value,
            WeightKg = r.Cargo.WeightKg!.Value,
            SpoilsAt = spoilsAt,
            RegisteredAt = now,
        };
        truck.Activate(now);

        if (await db.Trucks.AnyAsync(t => t.ActivePlate == plate, ct))
        {
            // The plate may be taken by this very request's twin, sent with the same key a moment earlier.
            await idempotency.ReplayIfAnsweredAsync(db, ct);
            throw Problems.Conflict($"The vehicle {plate} already has an active registration; cancel it first.");
        }
        db.Trucks.Add(truck);
        var view = TruckViews.View(truck, null);
        idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/trucks/{truck.Id}", now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Either a concurrent request with the same Idempotency-Key (the filter replays it), or a
            // concurrent registration of the same vehicle that the unique index turned away.
            if (!await idempotency.AnsweredAsync(db, ct) && await PlateTakenAsync(db, plate, ct))
            {
                throw Problems.Conflict($"The vehicle {plate} already has an active registration; cancel it first.");
            }
            throw;
        }
        return TypedResults.Created($"/api/v1/trucks/{truck.Id}", view);
    }

    private static async Task<bool> PlateTakenAsync(KhyberDb db, string plate, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Trucks.AnyAsync(t => t.ActivePlate == plate, ct);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var truck = await db.Trucks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        // A truck the caller may not see does not exist for them.
        if (truck is null || !Permissions.MaySeeTruck(actor, truck))
        {
            throw Problems.NotFound($"No truck {id}.");
        }
        var snapshot = truck.InQueue ? await CrossingSnapshot.LoadAsync(db, truck.CrossingId, time.GetUtcNow(), ct) : null;
        return TypedResults.Ok(TruckViews.View(truck, snapshot));
    }

    private static async Task<IResult> List(string? crossing, string? direction, string? status, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct)
    {
        var actor = http.User.Actor();
        var errors = new FieldErrors();
        Direction? dir = null;
        if (direction is not null)
        {
            dir = Directions.TryParse(direction, out var d) ? d : null;
            errors.Require(dir is not null, "direction", "Must be PK-AF or AF-PK.");
        }
        TruckStatus? st = null;
        if (status is not null)
        {
            st = Kebab.IsWord(status) && Enum.TryParse<TruckStatus>(status, true, out var s) && Enum.IsDefined(s) ? s : null;
            errors.Require(st is not null, "status", "One of registered, waiting, called, exited, entered, rejected, cancelled, spoiled.");
        }
        Problems.ThrowIfAny(errors);
        AuthSetup.Require(Permissions.MayListTrucksOf(actor, crossing), "Officers see the trucks of their own crossing.");

        var query = db.Trucks.AsNoTracking();
        query = actor.Role switch
        {
            Role.Carrier => query.Where(t => t.CarrierId == actor.CarrierId),
            Role.Officer => query.Where(t => t.CrossingId == actor.CrossingId),
            _ => query,
        };
        if (crossing is not null)
        {
            query = query.Where(t => t.CrossingId == crossing);
        }
        if (dir is not null)
        {
            query = query.Where(t => t.Direction == dir);
        }
        if (st is not null)
        {
            query = query.Where(t => t.Status == st);
        }
        var trucks = await query.OrderByDescending(t => t.RegisteredAt).Take(1000).ToListAsync(ct);
        var now = time.GetUtcNow();
        var snapshots = new Dictionary<string, CrossingSnapshot?>();
        foreach (var id in trucks.Where(t => t.InQueue).Select(t => t.CrossingId).Distinct())
        {
            snapshots[id] = await CrossingSnapshot.LoadAsync(db, id, now, ct);
        }
        return TypedResults.Ok(trucks.Select(t => TruckViews.View(t, snapshots.GetValueOrDefault(t.CrossingId))).ToList());
    }

    /// <summary>One step of a truck's lifecycle, checked against the permission table and saved against concurrent changes.</summary>
    private static async Task<IResult> Change(
        Guid id, HttpContext http, KhyberDb db, TimeProvider time, CancellationToken ct,
        Func<Actor, Truck, bool> allowed, string refusal, Action<Truck, Actor, DateTimeOffset, Domain.Crossings.CrossingDirection> step)
    {
        var actor = http.User.Actor();
        var now = time.GetUtcNow();
        var truck = await Concurrency.RetryAsync(db, async token =>
        {
            var truck = await db.Trucks.SingleOrDefaultAsync(t => t.Id == id, token);
            if (truck is null || !Permissions.MaySeeTruck(actor, truck))
            {
                throw Problems.NotFound($"No truck {id}.");
            }
            AuthSetup.Require(allowed(actor, truck), refusal);
            var direction = await db.CrossingDirections.SingleAsync(d => d.CrossingId == truck.CrossingId && d.Direction == truck.Direction, token);
            step(truck, actor, now, direction);
            await db.SaveChangesAsync(token);
            return truck;
        }, ct);
        var snapshot = truck.InQueue ? await CrossingSnapshot.LoadAsync(db, truck.CrossingId, now, ct) : null;
        return TypedResults.Ok(TruckViews.View(truck, snapshot));
    }
}
