using System.Globalization;
using System.Text.Json;

namespace Khyber.Domain.Commitments;

/// <summary>How a day measured against its target.</summary>
public enum EvaluationResult
{
    Met,
    Missed,

    /// <summary>Nothing of the kind happened that day (no notice given, none to acknowledge): a share of nothing is neither met nor missed.</summary>
    NothingToMeasure,
}

/// <summary>
/// One day of a measured commitment, as <see cref="CommitmentMetrics.Evaluate"/> computed it: the value, the target it was
/// compared with, the result, and the evidence — the counts it came from and the range of the audit chain that holds them.
/// </summary>
/// <remarks>
/// Stored once and never changed: a dispute of the other side is recorded beside it (<see cref="Dispute"/>), and the evidence
/// stays as computed. <see cref="FromSeq"/>–<see cref="ToSeq"/> are the chain entries appended from the start of the records
/// measured until the evaluation was computed; <see cref="HeadHash"/> is the hash of entry <see cref="ToSeq"/>, so anyone
/// holding the chain can replay it up to there and compute the same day again.
/// </remarks>
public sealed class CommitmentEvaluation
{
    public required Guid Id { get; init; }

    public required Guid CommitmentId { get; init; }

    public required DateOnly Day { get; init; }

    public required MetricKind Kind { get; init; }

    /// <summary>The measured value; null when there was nothing to measure.</summary>
    public double? Value { get; init; }

    /// <summary>The target the value was compared with that day.</summary>
    public required double Target { get; init; }

    public required Comparison Comparison { get; init; }

    public required EvaluationResult Result { get; init; }

    /// <summary>The counts the value came from, as canonical JSON (names in ordinal order): see <see cref="EvidenceCounts"/>.</summary>
    public required string Counts { get; init; }

    /// <summary>The start of the earliest span of records measured.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The end of the latest span of records measured.</summary>
    public required DateTimeOffset To { get; init; }

    public required long FromSeq { get; init; }

    public required long ToSeq { get; init; }

    public required string HeadHash { get; init; }

    public required DateTimeOffset ComputedAt { get; init; }

    /// <summary>The other side's dispute of this day's evaluation, if it disputes it.</summary>
    public EvaluationDispute? Dispute { get; set; }

    public IReadOnlyDictionary<string, double> CountsRead() => EvidenceCounts.Read(Counts);

    /// <summary>
    /// The stored form of a day measured by <see cref="CommitmentMetrics.Evaluate"/>, with the chain range that holds its
    /// records: one mapping for the server that stores it and the command line that recomputes it to compare.
    /// </summary>
    public static CommitmentEvaluation Of(
        Guid id, Guid commitmentId, DateOnly day, MetricKind kind, Evaluation evaluation, long fromSeq, long toSeq, string headHash, DateTimeOffset computedAt) => new()
    {
        Id = id,
        CommitmentId = commitmentId,
        Day = day,
        Kind = kind,
        Value = evaluation.Value,
        Target = evaluation.Target,
        Comparison = evaluation.Comparison,
        Result = evaluation.Result,
        Counts = EvidenceCounts.Write(evaluation.Counts),
        From = evaluation.Records.From,
        To = evaluation.Records.To,
        FromSeq = fromSeq,
        ToSeq = toSeq,
        HeadHash = headHash,
        ComputedAt = computedAt,
    };

    /// <summary>The other side disputes this day's evaluation; once, and never the obligor.</summary>
    public EvaluationDispute Disputed(Side obligor, Side by, string statement, string user, DateTimeOffset at)
    {
        if (by == obligor)
        {
            throw new StateConflictException($"An evaluation is disputed by the side the commitment is owed to ({obligor.Other()}).");
        }
        if (Dispute is not null)
        {
            throw new StateConflictException($"This day's evaluation was already disputed by {Dispute.RaisedBy} at {Dispute.RaisedAt:O}.");
        }
        Dispute = new EvaluationDispute
        {
            Id = Guid.NewGuid(),
            EvaluationId = Id,
            Side = by,
            Statement = statement,
            RaisedAt = at,
            RaisedBy = user,
        };
        return Dispute;
    }
}

/// <summary>The other side's statement against a day's evaluation, recorded next to the evidence, which does not change.</summary>
public sealed class EvaluationDispute
{
    public required Guid Id { get; init; }

    public required Guid EvaluationId { get; init; }

    public required Side Side { get; init; }

    public required string Statement { get; init; }

    public required DateTimeOffset RaisedAt { get; init; }

    public required string RaisedBy { get; init; }
}

/// <summary>The counts of an evaluation's evidence as one canonical JSON object: names in ordinal order, numbers as JSON numbers.</summary>
public static class EvidenceCounts
{
    public static string Write(IReadOnlyDictionary<string, double> counts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyDictionary<string, double> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
    }

    /// <summary>A count for a message: "12", "0.5", "23.5".</summary>
    public static string Text(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
