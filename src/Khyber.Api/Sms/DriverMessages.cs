using System.Collections.Concurrent;
using Khyber.Domain;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Sms;

/// <summary>
/// Writes the texts to drivers into the database beside the change that causes them — in the same unit of work, so a
/// message exists exactly when its event happened — for <see cref="SmsSender"/> to send.
/// </summary>
/// <remarks>
/// Each message carries an event key naming the event and the truck; the key is unique, and writers look before they
/// add, so one event never makes two messages. Nothing is written for a truck without a phone or while
/// <c>Sms:Provider</c> is <c>none</c>.
/// </remarks>
public sealed class DriverMessages(SmsSettings settings)
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new();

    public bool Enabled => settings.Enabled;

    /// <summary>Whether a driver with this phone (or none) gets texts: only with a phone, and while texts are sent at all.</summary>
    public bool Texts(string? phone) => Enabled && phone is not null;

    /// <summary>The deadline by which a called truck must be at the gate.</summary>
    public static DateTimeOffset NoShowDeadline(Truck truck, Crossing crossing) =>
        (truck.NoShowCountsFrom ?? truck.CalledAt ?? truck.UpdatedAt).AddMinutes(crossing.NoShowMinutes);

    /// <summary>The truck's place as its texts name it: plate, crossing, the departure gate and that side's time zone.</summary>
    public static MessagePlace PlaceOf(Truck truck, Crossing crossing)
    {
        var gate = truck.Direction.DepartureSide();
        var zoneId = crossing.Sides.FirstOrDefault(s => s.Side == gate)?.TimeZone ?? (gate == Side.PK ? "Asia/Karachi" : "Asia/Kabul");
        var zone = Zones.GetOrAdd(zoneId, id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : TimeZoneInfo.Utc);
        return new MessagePlace(truck.Plate, crossing.Id, crossing.Name, gate, zone);
    }

    public SmsMessage? Registered(KhyberDb db, Truck truck, Crossing crossing, DateTimeOffset now) =>
        Add(db, truck, DriverMessageKind.Registered, $"registered:{truck.Id}", l => DriverTexts.Registered(l, PlaceOf(truck, crossing), truck.TrackingCode), now, now.AddDays(1));

    public SmsMessage? CalledForward(KhyberDb db, Truck truck, Crossing crossing, DateTimeOffset now)
    {
        var deadline = NoShowDeadline(truck, crossing);
        return Add(db, truck, DriverMessageKind.CalledForward, $"called:{truck.Id}:{truck.CalledAt?.UtcTicks}",
            l => DriverTexts.CalledForward(l, PlaceOf(truck, crossing), truck.CalledAt ?? now, deadline), now, deadline);
    }

    /// <summary>Half-way to the deadline, once per call: the trucks still called and not yet warned get the warning.</summary>
    public async Task NoShowWarningsAsync(KhyberDb db, Crossing crossing, IEnumerable<Truck> trucks, DateTimeOffset now, CancellationToken ct)
    {
        var due = trucks
            .Where(t => t.Status == TruckStatus.Called && t.DriverPhone is not null && t.NoShowSuspendedSince is null
                && (t.NoShowCountsFrom ?? t.CalledAt) is { } from
                && now >= from.AddMinutes(crossing.NoShowMinutes / 2.0) && now < NoShowDeadline(t, crossing))
            // Keyed on when the deadline counts from: a deadline restarted after a closure earns a warning of its own.
            .Select(t => (Truck: t, Key: $"no-show-warning:{t.Id}:{(t.NoShowCountsFrom ?? t.CalledAt)?.UtcTicks}"))
            .ToList();
        foreach (var (truck, key) in await NotYetAsync(db, due, ct))
        {
            var deadline = NoShowDeadline(truck, crossing);
            Add(db, truck, DriverMessageKind.NoShowWarning, key, l => DriverTexts.NoShowWarning(l, PlaceOf(truck, crossing), deadline), now, deadline);
        }
    }

    public SmsMessage? SpoilTimeReached(KhyberDb db, Truck truck, Crossing crossing, DateTimeOffset now) =>
        Add(db, truck, DriverMessageKind.SpoilTimeReached, $"spoiled:{truck.Id}", l => DriverTexts.SpoilTimeReached(l, PlaceOf(truck, crossing)), now, now.AddHours(12));

    /// <summary>
    /// Tells the drivers of a direction that it closed or reopened: a waiting truck hears it closed or reopened; a called
    /// truck hears it closed after its call (<see cref="DriverMessageKind.ClosedAfterCall"/>: it keeps its place, its deadline
    /// starts again on reopening). One message per notice and truck.
    /// </summary>
    public async Task DirectionsChangedAsync(KhyberDb db, Crossing crossing, IReadOnlyList<DirectionChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        if (!Enabled || changes.Count == 0)
        {
            return;
        }
        foreach (var change in changes)
        {
            var trucks = await db.Trucks
                .Where(t => t.CrossingId == crossing.Id && t.Direction == change.Direction && t.DriverPhone != null
                    && (t.Status == TruckStatus.Waiting || t.Status == TruckStatus.Called))
                .ToListAsync(ct);
            var notice = change.Cause;
            var candidates = trucks
                .Where(t => change.Closed || t.Status == TruckStatus.Waiting)
                .Select(t => (Truck: t, Key: $"{(change.Closed ? t.Status == TruckStatus.Called ? "closed-after-call" : "closed" : "reopened")}:{notice.Id}:{t.Id}"))
                .ToList();
            foreach (var (truck, key) in await NotYetAsync(db, candidates, ct))
            {
                var place = PlaceOf(truck, crossing);
                if (!change.Closed)
                {
                    Add(db, truck, DriverMessageKind.DirectionReopened, key, l => DriverTexts.DirectionReopened(l, place), now, now.AddHours(2));
                }
                else if (truck.Status == TruckStatus.Called)
                {
                    Add(db, truck, DriverMessageKind.ClosedAfterCall, key, l => DriverTexts.ClosedAfterCall(l, place, notice.ReasonCategory, change.ExpectedUntil), now, now.AddHours(6));
                }
                else
                {
                    Add(db, truck, DriverMessageKind.DirectionClosed, key, l => DriverTexts.DirectionClosed(l, place, notice.ReasonCategory, change.ExpectedUntil), now, now.AddHours(6));
                }
            }
        }
    }

    /// <summary>A text to a number that is not a truck's driver, or about something else than a truck (a driver's question answered).</summary>
    public SmsMessage? Reply(KhyberDb db, string eventKey, Guid? truckId, DriverMessageKind kind, string phone, DriverLanguage language, string text, DateTimeOffset now)
    {
        if (!Enabled)
        {
            return null;
        }
        var message = SmsMessage.Create(eventKey, truckId, kind, phone, language, text, now, now.AddHours(1));
        db.SmsMessages.Add(message);
        return message;
    }

    /// <summary>The candidates whose event key has no message yet (in the database or added in this unit).</summary>
    private async Task<List<(Truck Truck, string Key)>> NotYetAsync(KhyberDb db, List<(Truck Truck, string Key)> candidates, CancellationToken ct)
    {
        if (!Enabled || candidates.Count == 0)
        {
            return [];
        }
        var keys = candidates.Select(c => c.Key).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(500))
        {
            existing.UnionWith(await db.SmsMessages.AsNoTracking().Where(m => chunk.Contains(m.EventKey)).Select(m => m.EventKey).ToListAsync(ct));
        }
        existing.UnionWith(db.ChangeTracker.Entries<SmsMessage>().Select(e => e.Entity.EventKey));
        return candidates.Where(c => !existing.Contains(c.Key)).ToList();
    }

    private SmsMessage? Add(KhyberDb db, Truck truck, DriverMessageKind kind, string key, Func<DriverLanguage, string> text, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (truck.DriverPhone is not { } phone || !Texts(phone))
        {
            return null;
        }
        var language = truck.DriverLanguage ?? DriverLanguages.ForCountryCode(DriverPhone.CountryCode(phone));
        var message = SmsMessage.Create(key, truck.Id, kind, phone, language, text(language), now, expiresAt);
        db.SmsMessages.Add(message);
        return message;
    }
}
