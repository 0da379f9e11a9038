using System.ComponentModel.DataAnnotations;
using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Sms;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

/// <summary>The driver. <c>phone</c> (a mobile number, with its country code or in the truck's registration country's national form) and <c>language</c> (en, ur, ps, fa-AF; by default the phone's country's) are optional: without a phone no text message is sent.</summary>
public sealed record DriverRequest([property: Required] string? Name, [property: Required] string? DocumentNumber, string? Phone = null, string? Language = null);

public sealed record CargoRequest(
    [property: Required] string? Description,
    [property: Required] string? HsCode,
    [property: Required] string? Category,
    [property: Required] decimal? ValueUsd,
    [property: Required] decimal? WeightKg,
    DateTimeOffset? SpoilsAt,
    double? ShelfLifeHours);

public sealed record RegisterTruckRequest(
    [property: Required] string? CrossingId,
    [property: Required] string? Direction,
    [property: Required] string? Plate,
    [property: Required] string? RegistrationCountry,
    [property: Required] DriverRequest? Driver,
    [property: Required] CargoRequest? Cargo);

/// <summary>A carrier registers a truck and its cargo for a crossing and direction; a vehicle holds one active registration.</summary>
/// <remarks>
/// Rate-limited per carrier user and per address (<see cref="RateLimits"/>), through the API and the carrier's page alike.
/// Two registrations of one plate at once: the database's unique index on the active plate lets one through.
/// A carrier holds at most <see cref="CarrierCapSetting.Limit"/> trucks registered, waiting or called at one crossing
/// (<see cref="CarrierCap"/>). The registration reads and decides outside the audit chain's lock
/// (<see cref="ChainLock.AtAppend"/>), but while a cap is set one carrier's registrations run one after the other
/// (<see cref="KhyberDb.SerializeOnAsync"/>): racing registrations cannot both take the last place, and a request's twin
/// sent with the same key finds the plate taken by it. Without a cap there is nothing to count and nothing to serialize:
/// the unique indexes on the active plate and the tracking code turn a racing twin away; the registration is run again,
/// and its look at the plate answers the twin (or, after the rarest clash of tracking codes, it goes through with a new
/// code), unless the request's own twin was answered first, which the idempotency filter replays.
/// Two round trips of the reopening rush's most frequent write are saved so (2026-12-03, docs/benchmarks.md): the
/// tracking code is not looked up before, and the crossing is read only when the driver is to get a text.
/// </remarks>
public sealed class RegisterTruck(KhyberDb db, TimeProvider time, Idempotency idempotency, RateLimits limits, DriverMessages messages, CarrierCapSetting cap) : IUseCase
{
    public async Task<TruckView> HandleAsync(Actor actor, string address, RegisterTruckRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayRegisterTruck(actor), "Trucks are registered by their carrier.");
        limits.Registration(actor.UserName, address);
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var draft = new TruckDraft(
            r.CrossingId, r.Direction, r.Plate, r.RegistrationCountry?.Trim(), r.Driver?.Name, r.Driver?.DocumentNumber,
            r.Cargo?.Description, r.Cargo?.HsCode, r.Cargo?.Category, r.Cargo?.ValueUsd, r.Cargo?.WeightKg, r.Cargo?.SpoilsAt, r.Cargo?.ShelfLifeHours,
            r.Driver?.Phone, r.Driver?.Language);
        var registration = TruckRules.Validate(draft, now, errors);
        // The crossing's name and time zones are read only for the driver's text; without one, that it exists is enough.
        Crossing? crossing = null;
        if (r.CrossingId is { Length: > 0 } crossingId)
        {
            bool exists;
            if (messages.Texts(registration?.DriverPhone))
            {
                crossing = await CrossingLookups.WithSides(db, crossingId, ct);
                exists = crossing is not null;
            }
            else
            {
                exists = await CrossingLookups.ExistsAsync(db, crossingId, ct);
            }
            if (!exists)
            {
                errors.Add("crossingId", $"No crossing '{r.CrossingId}'.");
            }
        }
        Problems.ThrowIfAny(errors);

        var carrierId = actor.CarrierId!;
        var plate = registration!.Plate;
        try
        {
            // Run again after a unique index turned it away (see the remarks): a new tracking code, or the plate's look answers.
            return await Concurrency.RetryNumberedAsync(db, idempotency, async token =>
            {
                if (cap.Limit > 0)
                {
                    // Two registrations racing for the carrier's last place are counted one after the other.
                    await db.SerializeOnAsync($"carrier/{carrierId}", token);
                }
                var truck = Truck.Register(registration, carrierId, now);
                if (await PlateActive(db, truck.Plate, token))
                {
                    // The plate may be taken by this very request's twin, sent with the same key a moment earlier.
                    await idempotency.ReplayIfAnsweredAsync(db, token);
                    throw PlateTaken(truck.Plate);
                }
                if (cap.Limit > 0)
                {
                    // Without a cap nothing is counted: the count reads every place the carrier holds at the crossing.
                    var holding = await db.Trucks.CountAsync(t => t.CarrierId == carrierId && t.CrossingId == registration.CrossingId && CarrierCap.Holding.Contains(t.Status), token);
                    if (CarrierCap.Refusal(holding, cap.Limit, registration.CrossingId) is { } refusal)
                    {
                        throw Problems.CarrierCapReached(refusal, cap.Limit, holding);
                    }
                }
                db.Acting(actor, nameof(RegisterTruck), "trucks");
                db.Trucks.Add(truck);
                var text = crossing is null ? null : messages.Registered(db, truck, crossing, now);
                var view = TruckViews.View(truck, null, actor, text is null ? [] : [text]);
                idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/trucks/{truck.Id}", now);
                await db.SaveChangesAsync(token);
                return view;
            }, ct, hold: ChainLock.AtAppend);
        }
        catch (DbUpdateException)
        {
            // Either a concurrent request with the same Idempotency-Key (the filter replays it), or a
            // concurrent registration of the same vehicle that the unique index turned away.
            if (!await idempotency.AnsweredAsync(db, ct) && await PlateTakenAsync(plate, ct))
            {
                throw PlateTaken(plate);
            }
            throw;
        }
    }

    // The registration's reads, compiled once: built anew per request, the LINQ around them cost more than the answers.
    private static readonly Func<KhyberDb, string, CancellationToken, Task<bool>> PlateActive =
        EF.CompileAsyncQuery((KhyberDb db, string plate, CancellationToken ct) => db.Trucks.Any(t => t.ActivePlate == plate));

    private static ApiProblemException PlateTaken(string plate) =>
        Problems.Conflict($"The vehicle {plate} already has an active registration; cancel it first.");

    private async Task<bool> PlateTakenAsync(string plate, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await PlateActive(db, plate, ct);
    }
}
