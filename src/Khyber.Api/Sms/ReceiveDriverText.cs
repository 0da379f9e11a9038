using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Sms;

/// <summary>
/// A text a driver sent to the service number, as Kannel's <c>sms-service</c> forwards it (<c>get-url</c> with
/// <c>secret</c>, <c>from=%p</c>, <c>text=%a</c>, <c>id=%I</c>, <c>coding=%c</c>).
/// </summary>
public sealed record DriverTextRequest(string? Secret, string? From, string? Text, string? Id, string? Coding);

/// <summary>
/// What Khyber made of a driver's text: the kind of text it sends back (<c>answer</c> or <c>help</c>), or null when it
/// sends none (texts are off, or this text was answered before). Kannel's <c>sms-service</c> must not text this body
/// back: it is configured with <c>max-messages = 0</c>.
/// </summary>
public sealed record DriverTextReceived(DriverMessageKind? Reply, bool AlreadyAnswered);

/// <summary>
/// Answers a driver's text: his truck's place in the queue, estimated call and the state of its direction — only to
/// the number registered as that truck's driver's; any other number, or a question Khyber cannot read, gets a short
/// help text in the language of the number's country.
/// </summary>
/// <remarks>
/// The answer is written as a message for <see cref="SmsSender"/>, keyed on Kannel's id for the incoming text, so a
/// text Kannel forwards twice (it retries when Khyber is slow) is answered once. Rate-limited per number
/// (<see cref="RateLimits.DriverText"/>). Not audited: a question changes nothing at the border.
/// </remarks>
public sealed class ReceiveDriverText(KhyberDb db, TimeProvider time, SmsSettings settings, DriverMessages messages, RateLimits limits, StatusBoard board) : IUseCase
{
    public async Task<DriverTextReceived> HandleAsync(DriverTextRequest r, CancellationToken ct)
    {
        if (!settings.IsCallbackSecret(r.Secret))
        {
            throw Problems.Unauthorized("The SMS gateway's shared secret is missing or wrong.");
        }
        var errors = new FieldErrors();
        var from = Phone(r.From, errors);
        var text = r.Text ?? "";
        if (r.Text is null)
        {
            errors.Add("text", "Required: the text of the message (Kannel's %a).");
        }
        else if (text.Length > DriverQuestions.MaxLength)
        {
            errors.Add("text", $"At most {DriverQuestions.MaxLength} characters: a driver's question is a word or two.");
        }
        else if (text.Any(c => (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || c == '\uFFFD'))
        {
            errors.Add("text", "Binary content: only text messages are read.");
        }
        if (r.Coding is not (null or "" or "0" or "2"))
        {
            errors.Add(r.Coding == "1" ? "text" : "coding", r.Coding == "1" ? "Binary (8-bit) messages are not read." : "0 (GSM), 1 (8-bit) or 2 (UCS-2), as Kannel's %c gives it.");
        }
        if (string.IsNullOrEmpty(r.Id) || r.Id.Length > 64 || !r.Id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            errors.Add("id", "Kannel's id of the message (%I): up to 64 letters, digits or dashes.");
        }
        Problems.ThrowIfAny(errors);
        var key = $"answer:{r.Id}";
        if (await db.SmsMessages.AnyAsync(m => m.EventKey == key, ct))
        {
            // Kannel forwarding a text again (it retries a slow answer): answered already, and not counted twice.
            return new DriverTextReceived(null, AlreadyAnswered: true);
        }
        limits.DriverText(from!);
        var now = time.GetUtcNow();
        var (kind, truckId, language, answer) = await AnswerAsync(from!, DriverQuestions.Read(text.Trim()), now, ct);
        if (messages.Reply(db, key, truckId, kind, from!, language, answer, now) is null)
        {
            return new DriverTextReceived(null, AlreadyAnswered: false);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Kannel forwarded the same text twice at once: the other request answered it.
            if (!await AnsweredAsync(key, ct))
            {
                throw;
            }
            return new DriverTextReceived(null, AlreadyAnswered: true);
        }
        return new DriverTextReceived(kind, AlreadyAnswered: false);
    }

    private async Task<bool> AnsweredAsync(string key, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.SmsMessages.AnyAsync(m => m.EventKey == key, ct);
    }

    /// <summary>The sender in E.164. Kannel may give it with or without the leading + (as the operator does).</summary>
    private static string? Phone(string? from, FieldErrors errors)
    {
        var written = from?.Trim() ?? "";
        if (written.Length > 0 && char.IsAsciiDigit(written[0]) && !written.StartsWith("00", StringComparison.Ordinal))
        {
            written = "+" + written;
        }
        var phone = DriverPhone.Parse(written, null, out var error);
        if (error is not null)
        {
            errors.Add("from", from is null ? "Required: the sender's number (Kannel's %p)." : error);
        }
        return phone;
    }

    private async Task<(DriverMessageKind Kind, Guid? TruckId, DriverLanguage Language, string Text)> AnswerAsync(string from, DriverQuestion question, DateTimeOffset now, CancellationToken ct)
    {
        var mine = await db.Trucks.AsNoTracking().Where(t => t.DriverPhone == from).OrderByDescending(t => t.RegisteredAt).Take(20).ToListAsync(ct);
        Truck? truck = question.Kind switch
        {
            QuestionKind.Status => mine.FirstOrDefault(t => t.IsActive) ?? mine.FirstOrDefault(),
            QuestionKind.Code => await db.Trucks.AsNoTracking().SingleOrDefaultAsync(t => t.TrackingCode == question.Subject, ct)
                ?? await db.Trucks.AsNoTracking().FirstOrDefaultAsync(t => t.ActivePlate == question.Subject, ct),
            QuestionKind.Plate => await db.Trucks.AsNoTracking().FirstOrDefaultAsync(t => t.ActivePlate == question.Subject, ct)
                ?? mine.FirstOrDefault(t => t.Plate == question.Subject),
            _ => null,
        };
        var language = mine.FirstOrDefault()?.DriverLanguage ?? DriverLanguages.ForCountryCode(DriverPhone.CountryCode(from));
        // Only the truck's own driver hears where it is: a plate or a code is no proof of anything.
        if (truck is null || truck.DriverPhone != from)
        {
            return (DriverMessageKind.Help, null, language, DriverTexts.Help(language));
        }
        language = truck.DriverLanguage ?? language;
        var snapshot = (await board.GetAsync(db, truck.CrossingId, ct))!.Snapshot;
        var crossing = snapshot.Crossing;
        var slot = truck.InQueue ? snapshot.PositionOf(truck) : null;
        var state = snapshot.StateOf(truck.Direction);
        var text = DriverTexts.Answer(
            language, DriverMessages.PlaceOf(truck, crossing), truck.Status, slot?.Position, slot?.EstimatedCallAt,
            truck.Status == TruckStatus.Called ? DriverMessages.NoShowDeadline(truck, crossing) : null,
            new DirectionNow(state.State, state.ExpectedUntil));
        return (DriverMessageKind.Answer, truck.Id, language, text);
    }
}
