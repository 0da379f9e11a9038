using System.Text.Json;
using Khyber.Storage;
using Khyber.Storage.Outbox;

namespace Khyber.Api.Infrastructure;

/// <summary>The kinds of event Khyber reports, and who may receive each.</summary>
public static class EventTypes
{
    public const string Notice = "notice";
    public const string Acknowledgement = "acknowledgement";
    public const string Escalation = "escalation";
    public const string Status = "status";
    public const string Incident = "incident";
    public const string Truck = "truck";

    /// <summary>Events anyone may see: the public event stream and any subscriber.</summary>
    public static readonly IReadOnlySet<string> Public = new HashSet<string> { Notice, Acknowledgement, Escalation, Status, Incident };

    /// <summary>Every event a webhook may subscribe to; <see cref="Truck"/> events reach only the truck's carrier.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Notice, Acknowledgement, Escalation, Status, Incident, Truck };
}

/// <summary>The body every event carries, on the event stream and in webhook deliveries.</summary>
public sealed record EventEnvelope(Guid Id, string Type, DateTimeOffset At, string? CrossingId, string? Side, string? SubjectId, JsonElement Data);

/// <summary>Adds an event to the outbox, to be saved in the same transaction as the change it reports.</summary>
public static class Events
{
    public static OutboxMessage Publish(KhyberDb db, string type, string? crossingId, string? side, string? subjectId, object data, DateTimeOffset now)
    {
        var id = Guid.NewGuid();
        var envelope = new EventEnvelope(id, type, now, crossingId, side, subjectId, JsonSerializer.SerializeToElement(data, data.GetType(), Json.Options));
        var message = new OutboxMessage
        {
            Id = id,
            Type = type,
            CrossingId = crossingId,
            Side = side,
            SubjectId = subjectId,
            Payload = JsonSerializer.Serialize(envelope, Json.Options),
            CreatedAt = now,
        };
        db.OutboxMessages.Add(message);
        return message;
    }
}
