using System.Globalization;
using System.Text.Json;
using Khyber.Domain;
using Khyber.Domain.Commitments;
using Khyber.Domain.Crossings;
using Khyber.Domain.Incidents;
using Khyber.Domain.Notices;
using Khyber.Domain.Records;
using Khyber.Domain.Trucks;

namespace Khyber.Storage.Audit;

/// <summary>
/// Rebuilds the rows of a Khyber database from its audit chain alone: each entry's payload lists the columns a unit of
/// work changed (<see cref="CanonicalChanges"/>), so replaying the entries in order, up to a chosen one, gives every row
/// as it stood then — the records a sceptical reader needs to measure a day again without trusting anyone's tables.
/// </summary>
/// <remarks>
/// An entry that summarises its changes instead of listing them (the demo's bulk load) cannot be replayed; such entries
/// are named in <see cref="Summarised"/>, and what they wrote is missing from the rows.
/// </remarks>
public sealed class ChainReplay
{
    private readonly Dictionary<string, Dictionary<string, Dictionary<string, JsonElement>>> _tables = new(StringComparer.Ordinal);
    private readonly List<long> _summarised = [];

    private ChainReplay(long upTo) => UpTo = upTo;

    /// <summary>The last entry replayed.</summary>
    public long UpTo { get; }

    /// <summary>Entries up to <see cref="UpTo"/> whose payload is a summary, not a list of changes.</summary>
    public IReadOnlyList<long> Summarised => _summarised;

    /// <summary>Replays the entries with sequence numbers up to <paramref name="upTo"/>, in order.</summary>
    public static ChainReplay Of(IEnumerable<AuditEntry> entries, long upTo)
    {
        var replay = new ChainReplay(upTo);
        foreach (var entry in entries.Where(e => e.Seq <= upTo).OrderBy(e => e.Seq))
        {
            replay.Apply(entry);
        }
        return replay;
    }

    private void Apply(AuditEntry entry)
    {
        using var payload = JsonDocument.Parse(entry.Payload);
        if (payload.RootElement.ValueKind != JsonValueKind.Object || !payload.RootElement.TryGetProperty("changes", out var changes) || changes.ValueKind != JsonValueKind.Array)
        {
            _summarised.Add(entry.Seq);
            return;
        }
        foreach (var change in changes.EnumerateArray())
        {
            var entity = change.GetProperty("entity").GetString()!;
            var key = change.GetProperty("key").GetString()!;
            if (!_tables.TryGetValue(entity, out var table))
            {
                _tables[entity] = table = new Dictionary<string, Dictionary<string, JsonElement>>(StringComparer.Ordinal);
            }
            if (change.GetProperty("state").GetString() == "Deleted")
            {
                table.Remove(key);
                continue;
            }
            if (!table.TryGetValue(key, out var row))
            {
                table[key] = row = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            }
            foreach (var column in change.GetProperty("values").EnumerateObject())
            {
                row[column.Name] = column.Value.Clone();
            }
        }
    }

    /// <summary>The rows of one entity type (by its class name, such as <c>Truck</c>) as they stand after the replay.</summary>
    public IEnumerable<ReplayedRow> Rows(string entity) =>
        _tables.TryGetValue(entity, out var table) ? table.Select(r => new ReplayedRow(r.Key, r.Value)) : [];

    /// <summary>A crossing's records as the chain holds them; null when the chain never created the crossing's sides.</summary>
    public CrossingFacts? Facts(string crossingId)
    {
        var sides = Rows("CrossingSide").Where(r => r.Text("CrossingId") == crossingId)
            .Select(r => new SideClock(r.Enum<Side>("Side"), r.Text("TimeZone"),
                r.TimeOrNull("OpensAt") is { } opens && r.TimeOrNull("ClosesAt") is { } closes ? new GateHours(opens, closes) : null))
            .OrderBy(s => s.Side)
            .ToList();
        if (sides.Count == 0)
        {
            return null;
        }
        var notices = Rows("Notice").Where(r => r.Text("CrossingId") == crossingId)
            .Select(r => new NoticeFact(r.Guid("Id"), r.Enum<Side>("Side"), r.Enum<GateState>("GateState"), r.Enums<Direction>("Directions"),
                r.Enums<CargoCategory>("AllowedCategories"), r.Time("EffectiveFrom"), r.Time("IssuedAt"), r.Bool("Emergency"), r.TimeOrNullAt("AcknowledgedAt")))
            .ToList();
        var trucks = Rows("Truck").Where(r => r.Text("CrossingId") == crossingId)
            .Select(r => new TruckFact(r.Guid("Id"), r.Enum<Direction>("Direction"), r.Enum<CargoCategory>("Category"), r.Decimal("ValueUsd"),
                r.TimeOrNullAt("ArrivedAt"), r.TimeOrNullAt("ExitedAt"), r.TimeOrNullAt("EnteredAt"), r.TimeOrNullAt("SpoiledAt"),
                r.TimeOrNullAt("RejectedAt") ?? r.TimeOrNullAt("CancelledAt")))
            .ToList();
        var responses = Rows("IncidentResponse").ToLookup(r => r.Guid("IncidentId"));
        var incidents = Rows("Incident").Where(r => r.Text("CrossingId") == crossingId)
            .Select(r =>
            {
                var id = r.Guid("Id");
                return new IncidentFact(id, r.Enum<Side>("Side"), r.Enum<IncidentCategory>("Category"), r.Time("LoggedAt"),
                    [.. responses[id].OrderBy(x => x.Int("Number")).Select(x => new ResponseFact(x.Enum<Side>("Side"), x.Enum<ResponseStance>("Stance"), x.Time("RespondedAt")))]);
            })
            .ToList();
        return new CrossingFacts(crossingId, sides, notices, trucks, incidents);
    }

    /// <summary>The commitments that carry a metric: their obligor side and metric.</summary>
    public IReadOnlyDictionary<Guid, (Side Obligor, CommitmentMetric Metric)> MeasuredCommitments()
    {
        var obligors = Rows("Commitment").ToDictionary(r => r.Guid("Id"), r => r.Enum<Side>("ObligorSide"));
        return Rows("CommitmentMetric")
            .Where(r => obligors.ContainsKey(r.Guid("CommitmentId")))
            .ToDictionary(r => r.Guid("CommitmentId"), r => (obligors[r.Guid("CommitmentId")], new CommitmentMetric
            {
                Kind = r.Enum<MetricKind>("Kind"),
                CrossingId = r.Text("CrossingId"),
                Direction = r.IsNull("Direction") ? null : r.Enum<Direction>("Direction"),
                Target = r.Double("Target"),
                Comparison = r.Enum<Comparison>("Comparison"),
                WarningHours = r.IntOrNull("WarningHours"),
                WithinMinutes = r.IntOrNull("WithinMinutes"),
                WithinHours = r.IntOrNull("WithinHours"),
                MeasuredFrom = r.Day("MeasuredFrom"),
            }));
    }

    /// <summary>The evaluations the chain records, as stored.</summary>
    public IReadOnlyList<CommitmentEvaluation> Evaluations() =>
        [.. Rows("CommitmentEvaluation").Select(r => new CommitmentEvaluation
        {
            Id = r.Guid("Id"),
            CommitmentId = r.Guid("CommitmentId"),
            Day = r.Day("Day"),
            Kind = r.Enum<MetricKind>("Kind"),
            Value = r.IsNull("Value") ? null : r.Double("Value"),
            Target = r.Double("Target"),
            Comparison = r.Enum<Comparison>("Comparison"),
            Result = r.Enum<EvaluationResult>("Result"),
            Counts = r.Text("Counts"),
            From = r.Time("From"),
            To = r.Time("To"),
            FromSeq = r.Long("FromSeq"),
            ToSeq = r.Long("ToSeq"),
            HeadHash = r.Text("HeadHash"),
            ComputedAt = r.Time("ComputedAt"),
        })];
}

/// <summary>One replayed row: its key and its columns as the payloads wrote them (invariant text, JSON numbers and booleans).</summary>
public sealed class ReplayedRow(string key, IReadOnlyDictionary<string, JsonElement> values)
{
    public string Key { get; } = key;

    public bool IsNull(string column) => !values.TryGetValue(column, out var v) || v.ValueKind == JsonValueKind.Null;

    public string Text(string column) => Value(column).GetString() ?? "";

    public Guid Guid(string column) => System.Guid.Parse(Text(column), CultureInfo.InvariantCulture);

    public T Enum<T>(string column)
        where T : struct, Enum => System.Enum.Parse<T>(Text(column));

    public IReadOnlyList<T> Enums<T>(string column)
        where T : struct, Enum => IsNull(column) ? [] : [.. Value(column).EnumerateArray().Select(e => System.Enum.Parse<T>(e.GetString()!))];

    public bool Bool(string column) => Value(column).GetBoolean();

    public int Int(string column) => Value(column).GetInt32();

    public int? IntOrNull(string column) => IsNull(column) ? null : Int(column);

    public long Long(string column) => Value(column).GetInt64();

    public double Double(string column) => Value(column).GetDouble();

    public decimal Decimal(string column) => Value(column).GetDecimal();

    public DateTimeOffset Time(string column) =>
        DateTimeOffset.Parse(Text(column), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public DateTimeOffset? TimeOrNullAt(string column) => IsNull(column) ? null : Time(column);

    public DateOnly Day(string column) => DateOnly.Parse(Text(column), CultureInfo.InvariantCulture);

    public TimeOnly? TimeOrNull(string column) => IsNull(column) ? null : TimeOnly.Parse(Text(column), CultureInfo.InvariantCulture);

    private JsonElement Value(string column) =>
        values.TryGetValue(column, out var v) ? v : throw new InvalidDataException($"The chain never wrote {column} of row {Key}.");
}
