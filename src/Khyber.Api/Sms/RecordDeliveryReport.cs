using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Sms;

/// <summary>
/// A delivery report as Kannel calls it back on the <c>dlr-url</c> Khyber gave with the message: <c>status=%d</c>
/// (1 delivered, 2 undelivered, 4 queued at the operator, 8 accepted by it, 16 refused by it), <c>answer=%A</c> (the
/// operator's words), and the shared secret.
/// </summary>
public sealed record DeliveryReportRequest(string? Secret, string? Status, string? Answer);

/// <summary>The message's state after the report.</summary>
public sealed record DeliveryReportRecorded(Guid MessageId, Khyber.Api.Trucks.SmsState Status);

/// <summary>Records a delivery report on its message: queued, sent, delivered or failed, never backwards.</summary>
/// <remarks>Bookkeeping of the texts, like the webhooks' deliveries: not audited.</remarks>
public sealed class RecordDeliveryReport(KhyberDb db, TimeProvider time, SmsSettings settings) : IUseCase
{
    private static readonly int[] Types = [1, 2, 4, 8, 16];

    public async Task<DeliveryReportRecorded> HandleAsync(Guid id, DeliveryReportRequest r, CancellationToken ct)
    {
        if (!settings.IsCallbackSecret(r.Secret))
        {
            throw Problems.Unauthorized("The SMS gateway's shared secret is missing or wrong.");
        }
        var errors = new FieldErrors();
        var type = int.TryParse(r.Status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var t) && Types.Contains(t) ? t : 0;
        errors.Require(type != 0, "status", "Kannel's report type (%d): 1, 2, 4, 8 or 16.");
        errors.Require(r.Answer is null || (r.Answer.Length <= 500 && !r.Answer.Any(char.IsControl)), "answer", "The operator's answer (%A): at most 500 characters of text.");
        Problems.ThrowIfAny(errors);
        return await Concurrency.RetryAsync(db, async token =>
        {
            var message = await db.SmsMessages.SingleOrDefaultAsync(m => m.Id == id, token)
                ?? throw new ApiProblemException(StatusCodes.Status404NotFound, "Not found.", $"No text message {id}.", [new FieldError("id", "No text message with this id.")]);
            message.Report(type, r.Answer, time.GetUtcNow());
            await db.SaveChangesAsync(token);
            return new DeliveryReportRecorded(message.Id, Khyber.Api.Trucks.SmsView.Of(message).Status);
        }, ct);
    }
}
