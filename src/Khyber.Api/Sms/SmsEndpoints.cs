using Khyber.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Khyber.Api.Sms;

/// <summary>
/// The routes Kannel calls back: a driver's text (its <c>sms-service</c>'s <c>get-url</c>) and a message's delivery
/// report (the <c>dlr-url</c> Khyber gives with each message). Both carry the shared secret <c>Sms:CallbackSecret</c>
/// and answer 200 with a small JSON body — Kannel's <c>sms-service</c> is configured with <c>max-messages = 0</c>, so it
/// texts nothing back of its own (the answer goes as a message of its own, tracked like any other).
/// </summary>
public static class SmsEndpoints
{
    public static IEndpointRouteBuilder MapSms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sms").WithTags("SMS gateway");
        group.MapGet("/inbound", async Task<Ok<DriverTextReceived>> (string? secret, string? from, string? text, string? id, string? coding, ReceiveDriverText receive, CancellationToken ct) =>
                TypedResults.Ok(await receive.HandleAsync(new DriverTextRequest(secret, from, text, id, coding), ct)))
            .WithName(nameof(ReceiveDriverText))
            .WithSummary("Kannel forwards a driver's text (sms-service get-url); the answer goes back to him as a text of its own.")
            .Refuses(401, 422, 429);
        group.MapGet("/messages/{id:guid}/delivery-reports", async Task<Ok<DeliveryReportRecorded>> (Guid id, string? secret, string? status, string? answer, RecordDeliveryReport record, CancellationToken ct) =>
                TypedResults.Ok(await record.HandleAsync(id, new DeliveryReportRequest(secret, status, answer), ct)))
            .WithName(nameof(RecordDeliveryReport))
            .WithSummary("Kannel reports what became of a text (dlr-url): accepted by the operator, delivered, or failed.")
            .Refuses(401, 404, 409, 422);
        return app;
    }
}
