namespace Khyber.Storage.Outbox;

/// <summary>
/// An event to deliver, written in the same transaction as the change it reports, so that no change goes
/// unreported and nothing is reported that did not happen.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The event id receivers de-duplicate on.</summary>
    public required Guid Id { get; init; }

    /// <summary>
    /// Commit order, for the event stream and the dispatcher: the audit sequence of the transaction that wrote
    /// the event times 1000, plus its place in that transaction (set by <see cref="KhyberDb"/> while it holds the
    /// chain's head, so positions grow in the order transactions commit, on every instance).
    /// </summary>
    public long Position { get; set; }

    /// <summary>notice, status, incident, …</summary>
    public required string Type { get; init; }

    public string? CrossingId { get; init; }

    /// <summary>What the event is about, e.g. the notice id.</summary>
    public string? SubjectId { get; init; }

    /// <summary>The side the event concerns (e.g. the issuing side of a notice), for subscribers who filter on it.</summary>
    public string? Side { get; init; }

    /// <summary>JSON body as delivered.</summary>
    public required string Payload { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Set once the dispatcher has created a delivery for every matching subscription.</summary>
    public DateTimeOffset? FannedOutAt { get; set; }
}

/// <summary>Another system that wants events pushed to it, signed with a secret it shares with Khyber.</summary>
public sealed class WebhookSubscription
{
    public required Guid Id { get; init; }

    public required string Url { get; init; }

    public required List<string> Events { get; init; }

    public required string Secret { get; init; }

    /// <summary>The user who subscribed; its role and side decide which events it may receive.</summary>
    public required string Owner { get; init; }

    public string? OwnerSide { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public bool Active { get; set; } = true;
}

/// <summary>One event on its way to one subscriber, retried with backoff until delivered or given up.</summary>
public sealed class WebhookDelivery
{
    public required Guid Id { get; init; }

    public required Guid SubscriptionId { get; init; }

    public required Guid MessageId { get; init; }

    public required string EventType { get; init; }

    /// <summary>pending, delivered, failed (given up).</summary>
    public required string Status { get; set; }

    public int Attempts { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? GaveUpAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>Concurrency token, so two dispatchers never both claim one attempt.</summary>
    public long Version { get; set; }
}

/// <summary>The record of one attempt to deliver, kept whatever its outcome.</summary>
public sealed class WebhookAttempt
{
    public long Id { get; init; }

    public required Guid DeliveryId { get; init; }

    public required int Number { get; init; }

    public required DateTimeOffset At { get; init; }

    public int? StatusCode { get; init; }

    public string? Error { get; init; }

    public required double DurationMs { get; init; }
}
