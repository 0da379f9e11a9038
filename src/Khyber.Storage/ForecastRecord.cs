using Khyber.Domain;

namespace Khyber.Storage;

/// <summary>
/// A forecast made through the API, kept with its inputs and the figures it predicted, so that once the period it
/// forecast has passed it can be scored against what happened (the direction's stranded series).
/// </summary>
public sealed class ForecastRecord
{
    public required Guid Id { get; init; }

    public required string CrossingId { get; init; }

    public required Direction Direction { get; init; }

    /// <summary>The forecast's start: now, to the minute, when it was made.</summary>
    public required DateTimeOffset MadeAt { get; init; }

    public required string MadeBy { get; init; }

    public required string Policy { get; init; }

    public required double HorizonHours { get; init; }

    public required int Replications { get; init; }

    public required bool Calibrated { get; init; }

    /// <summary>When the (last) closure simulated begins and ends; null without a closure.</summary>
    public DateTimeOffset? ClosureStartsAt { get; init; }

    public DateTimeOffset? ReopensAt { get; init; }

    /// <summary>Trucks waiting at the reopening: the mean of the replications and their 10th and 90th percentiles.</summary>
    public double? StrandedAtReopening { get; init; }

    public double? StrandedAtReopeningP10 { get; init; }

    public double? StrandedAtReopeningP90 { get; init; }

    /// <summary>Mean hours from the reopening until the backlog is back to its size when the closure began (at least the rest of the horizon when not cleared).</summary>
    public double? HoursToClear { get; init; }

    /// <summary>The request as sent (JSON).</summary>
    public required string Request { get; init; }

    /// <summary>What the forecast was built from: the answer's <c>inputs</c> (JSON).</summary>
    public required string Inputs { get; init; }
}
