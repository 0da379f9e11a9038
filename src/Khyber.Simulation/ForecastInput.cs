using System.Text.Json;
using Khyber.Simulation.Crossings;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation;

/// <summary>Reads a forecast input file: a generic queue model (<c>"kind": "queue"</c>) or a crossing scenario (<c>"kind": "crossing"</c>).</summary>
public static class ForecastInput
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <returns>A <see cref="QueueModel"/> or a <see cref="CrossingScenario"/>.</returns>
    /// <exception cref="ForecastInputException">Not valid JSON, an unknown kind, or a field of the wrong type.</exception>
    public static object Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("kind", out var k) ? k.GetString() : null;
            return kind switch
            {
                "queue" => document.Deserialize<QueueModel>(JsonOptions)!,
                "crossing" => document.Deserialize<CrossingScenario>(JsonOptions)!,
                _ => throw new ForecastInputException(new Dictionary<string, string[]> { ["kind"] = ["must be \"queue\" or \"crossing\""] }),
            };
        }
        catch (JsonException e)
        {
            throw new ForecastInputException(new Dictionary<string, string[]> { [e.Path ?? "$"] = [e.Message] });
        }
    }
}
