using Khyber.Domain.Trucks;

namespace Khyber.Domain.Sms;

/// <summary>Where a text message is: waiting to go, handed to the gateway, delivered to the phone, or failed.</summary>
/// <remarks>
/// <see cref="Sending"/> is the claim a sender takes before it hands the message over: a message in it is never handed
/// over again unless its claim has run out with no word from the gateway (see <see cref="SmsMessage.ClaimExpired"/>).
/// On the wire it reads as <c>queued</c>.
/// </remarks>
public enum SmsStatus
{
    Queued,
    Sending,
    Sent,
    Delivered,
    Failed,
}

/// <summary>
/// One text to one driver about one event, written in the same transaction as the change that causes it and sent by
/// the background sender through the gateway.
/// </summary>
/// <remarks>
/// <see cref="EventKey"/> names the event and the truck ("called:{truck}:{time}") and is unique, so an event can never
/// produce a second message; the claim (<see cref="Claim"/>) makes sure no two senders — or one sender before and
/// after a crash — hand the same message over twice.
/// </remarks>
public sealed class SmsMessage
{
    public required Guid Id { get; init; }

    /// <summary>The event and truck this message is for; unique.</summary>
    public required string EventKey { get; init; }

    public Guid? TruckId { get; init; }

    public required DriverMessageKind Kind { get; init; }

    private string _phone = "";

    /// <summary>The number in E.164; empty once erased under the retention rule.</summary>
    [PersonalData]
    public required string Phone { get => _phone; init => _phone = value; }

    /// <summary>When the number was erased; null while kept.</summary>
    public DateTimeOffset? PersonalDataErasedAt { get; private set; }

    public required DriverLanguage Language { get; init; }

    public required string Text { get; init; }

    public required SmsEncoding Encoding { get; init; }

    public required int Parts { get; init; }

    public SmsStatus Status { get; private set; } = SmsStatus.Queued;

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>A message not handed over by then is pointless (a call past its deadline): it fails instead.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>While <see cref="SmsStatus.Sending"/>: until when the claim holds.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    public DateTimeOffset? FailedAt { get; private set; }

    /// <summary>The last delivery report's type as the gateway numbers it (1 delivered, 2 undelivered, 4 queued at the operator, 8 accepted by the operator, 16 rejected by it).</summary>
    public int? LastReport { get; private set; }

    public DateTimeOffset? LastReportAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Concurrency token: of two senders claiming one message, one wins.</summary>
    public long Version { get; set; }

    public static SmsMessage Create(string eventKey, Guid? truckId, DriverMessageKind kind, string phone, DriverLanguage language, string text, DateTimeOffset now, DateTimeOffset expiresAt)
    {
        var size = SmsText.Measure(text);
        return new SmsMessage
        {
            Id = Guid.NewGuid(),
            EventKey = eventKey,
            TruckId = truckId,
            Kind = kind,
            Phone = phone,
            Language = language,
            Text = text,
            Encoding = size.Encoding,
            Parts = size.Parts,
            CreatedAt = now,
            ExpiresAt = expiresAt,
            NextAttemptAt = now,
        };
    }

    /// <summary>Erases the number a message went to (the retention rule), once it can no longer be sent.</summary>
    public void ErasePersonalData(DateTimeOffset at)
    {
        if (PersonalDataErasedAt is not null)
        {
            return;
        }
        if (Status is SmsStatus.Queued or SmsStatus.Sending && ExpiresAt > at)
        {
            throw new InvalidOperationException($"Text {Id} may still be sent; its number is erased after it is sent or expires.");
        }
        _phone = "";
        PersonalDataErasedAt = at;
    }

    public bool IsDue(DateTimeOffset now) => Status == SmsStatus.Queued && NextAttemptAt <= now && ExpiresAt > now;

    /// <summary>Takes the message for one hand-over, until <paramref name="until"/>.</summary>
    public void Claim(DateTimeOffset until)
    {
        Expect(SmsStatus.Queued);
        Status = SmsStatus.Sending;
        Attempts++;
        ClaimedUntil = until;
    }

    /// <summary>The gateway took it.</summary>
    public void Accepted(DateTimeOffset at)
    {
        if (Status is SmsStatus.Queued or SmsStatus.Sending)
        {
            Status = SmsStatus.Sent;
            SentAt ??= at;
            ClaimedUntil = null;
            LastError = null;
        }
    }

    /// <summary>The gateway certainly did not take it (it refused, or could not be reached): it goes again at <paramref name="retryAt"/>.</summary>
    public void NotTaken(string error, DateTimeOffset retryAt)
    {
        if (Status != SmsStatus.Sending)
        {
            return;
        }
        Status = SmsStatus.Queued;
        ClaimedUntil = null;
        NextAttemptAt = retryAt;
        LastError = error.Length > 500 ? error[..500] : error;
    }

    /// <summary>
    /// A claim that ran out with no answer and no delivery report: the sender died or timed out before it knew whether
    /// the gateway took the message. The gateway reports every message it takes (as accepted by the operator, within
    /// seconds while the link is up), so silence until now means it did not: the message goes again.
    /// </summary>
    public bool ClaimExpired(DateTimeOffset now)
    {
        if (Status != SmsStatus.Sending || ClaimedUntil > now)
        {
            return false;
        }
        Status = SmsStatus.Queued;
        ClaimedUntil = null;
        NextAttemptAt = now;
        LastError = "No answer from the gateway and no delivery report: sent again.";
        return true;
    }

    /// <summary>Past its expiry before the gateway took it: failed.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (Status != SmsStatus.Queued || ExpiresAt > now)
        {
            return false;
        }
        Fail("Not handed to the gateway before it expired.", now);
        return true;
    }

    /// <summary>
    /// A delivery report. Reports only move a message forward — queued or sending to sent, sent to delivered or
    /// failed — so a late "accepted by the operator" never undoes "delivered".
    /// </summary>
    public void Report(int type, string? detail, DateTimeOffset at)
    {
        LastReport = type;
        LastReportAt = at;
        if (Status is SmsStatus.Delivered or SmsStatus.Failed)
        {
            return;
        }
        switch (type)
        {
            case 1:
                Accepted(at);
                Status = SmsStatus.Delivered;
                DeliveredAt = at;
                break;
            case 2 or 16:
                Accepted(at);
                Fail(type == 2 ? $"Not delivered to the phone{Detail(detail)}." : $"Refused by the operator{Detail(detail)}.", at);
                break;
            default:
                Accepted(at);
                break;
        }
    }

    private void Fail(string error, DateTimeOffset at)
    {
        Status = SmsStatus.Failed;
        FailedAt = at;
        ClaimedUntil = null;
        LastError = error.Length > 500 ? error[..500] : error;
    }

    private static string Detail(string? detail) => string.IsNullOrWhiteSpace(detail) ? "" : $" ({(detail.Length > 200 ? detail[..200] : detail)})";

    private void Expect(SmsStatus status)
    {
        if (Status != status)
        {
            throw new StateConflictException($"Cannot send a message that is {Status.ToString().ToLowerInvariant()}.");
        }
    }
}
