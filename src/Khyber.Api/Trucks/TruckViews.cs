using Khyber.Api.Crossings;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Trucks;

/// <summary>
/// The driver, only for the truck's carrier and its crossing's officers (every field null for everyone else); once the
/// retention rule has erased him, <c>erasedAt</c> says when and the rest is null for everyone.
/// </summary>
public sealed record DriverView(string? Name, string? DocumentNumber, string? Phone, string? Language, DateTimeOffset? ErasedAt);

public sealed record CargoView(string Description, string HsCode, CargoCategory Category, decimal ValueUsd, decimal WeightKg, DateTimeOffset? SpoilsAt);

/// <summary>Where a text to the driver is, as the carrier and the officers see it.</summary>
public enum SmsState
{
    /// <summary>Waiting to be handed to the SMS gateway (or being handed over).</summary>
    Queued,

    /// <summary>Taken by the gateway; no delivery report yet.</summary>
    Sent,

    /// <summary>The phone received it.</summary>
    Delivered,

    /// <summary>Not delivered, refused, or expired before it could go.</summary>
    Failed,
}

/// <summary>One text sent (or to be sent) to the truck's driver.</summary>
public sealed record SmsView(
    Guid Id, DriverMessageKind Kind, SmsState Status, int Parts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt, string? Error)
{
    public static SmsView Of(SmsMessage m) => new(
        m.Id, m.Kind,
        m.Status switch { SmsStatus.Sent => SmsState.Sent, SmsStatus.Delivered => SmsState.Delivered, SmsStatus.Failed => SmsState.Failed, _ => SmsState.Queued },
        m.Parts, m.CreatedAt, m.SentAt, m.DeliveredAt, m.FailedAt, m.Status == SmsStatus.Failed ? m.LastError : null);
}

public sealed partial record TruckView(
    Guid Id,
    string CrossingId,
    string Direction,
    string Plate,
    string RegistrationCountry,
    string CarrierId,
    DriverView Driver,
    CargoView Cargo,
    TruckStatus Status,
    int? Position,
    DateTimeOffset? EstimatedCallAt,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? ArrivedAt,
    DateTimeOffset? WaitingSince,
    DateTimeOffset? CalledAt,
    DateTimeOffset? ExitedAt,
    DateTimeOffset? EnteredAt,
    DateTimeOffset? RejectedAt,
    string? RejectionReason,
    DateTimeOffset? CancelledAt,
    DateTimeOffset? SpoiledAt,
    int NoShows,
    string? TrackingCode,
    List<SmsView>? Messages);

public static class TruckViews
{
    /// <summary>
    /// The truck as <paramref name="viewer"/> may see it: the driver's contact, the tracking code and the texts
    /// (<paramref name="messages"/>, newest first) only for those <see cref="Permissions.MaySeeDriver"/> allows.
    /// </summary>
    public static TruckView View(Truck t, CrossingSnapshot? snapshot, Actor viewer, IEnumerable<SmsMessage>? messages = null)
    {
        var slot = snapshot?.PositionOf(t);
        var contact = Permissions.MaySeeDriver(viewer, t);
        return new TruckView(
            t.Id, t.CrossingId, t.Direction.Id(), t.Plate, t.RegistrationCountry, t.CarrierId,
            Driver(t, contact),
            new CargoView(t.CargoDescription, t.HsCode, t.Category, t.ValueUsd, t.WeightKg, t.SpoilsAt),
            t.Status, slot?.Position, slot?.EstimatedCallAt,
            t.RegisteredAt, t.ArrivedAt, t.WaitingSince, t.CalledAt, t.ExitedAt, t.EnteredAt, t.RejectedAt, t.RejectionReason,
            t.CancelledAt, t.SpoiledAt, t.NoShows,
            contact ? t.TrackingCode : null,
            contact ? [.. (messages ?? []).OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(SmsView.Of)] : null);
    }

    private static DriverView Driver(Truck t, bool visible) =>
        !visible || t.PersonalDataErasedAt is not null
            ? new DriverView(null, null, null, null, t.PersonalDataErasedAt)
            : new DriverView(t.DriverName, t.DriverDocumentNumber, t.DriverPhone, t.DriverLanguage?.Code(), null);

    /// <summary>The texts of the trucks whose driver's contact <paramref name="viewer"/> may see, by truck, in one query.</summary>
    public static async Task<ILookup<Guid?, SmsMessage>> MessagesAsync(KhyberDb db, Actor viewer, IEnumerable<Truck> trucks, CancellationToken ct)
    {
        var ids = trucks.Where(t => Permissions.MaySeeDriver(viewer, t)).Select(t => (Guid?)t.Id).ToList();
        if (ids.Count == 0)
        {
            return Array.Empty<SmsMessage>().ToLookup(m => m.TruckId);
        }
        var messages = new List<SmsMessage>();
        foreach (var chunk in ids.Chunk(500))
        {
            messages.AddRange(await db.SmsMessages.AsNoTracking().Where(m => chunk.Contains(m.TruckId)).ToListAsync(ct));
        }
        return messages.ToLookup(m => m.TruckId);
    }
}
