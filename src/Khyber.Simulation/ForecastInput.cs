using System.Text;
using System.Text.Json;
using Khyber.Simulation.Crossings;
using Khyber.Simulation.Hindcasts;
using Khyber.Simulation.Networks;
using Khyber.Simulation.QueueModels;

namespace Khyber.Simulation;

/// <summary>Reads a forecast input file: a generic queue model (<c>"kind": "queue"</c>), a crossing scenario (<c>"crossing"</c>), a network of crossings (<c>"network"</c>) or a hindcast of a past closure (<c>"hindcast"</c>).</summary>
public static class ForecastInput
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <returns>A <see cref="QueueModel"/>, a <see cref="CrossingScenario"/>, a <see cref="NetworkScenario"/> or a <see cref="Hindcast"/>.</returns>
    /// <exception cref="ForecastInputException">Not valid JSON, an unknown kind, or a field of the wrong type.</exception>
    public static object Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, DocumentOptions);
            var root = document.RootElement;
            var kind = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            switch (kind)
            {
                case "queue":
                    return document.Deserialize<QueueModel>(JsonOptions)!;
                case "crossing":
                    return document.Deserialize<CrossingScenario>(JsonOptions)!;
                case "network":
                    RefuseNetworkFieldsInCrossings(root, "");
                    return document.Deserialize<NetworkScenario>(JsonOptions)!;
                case "hindcast":
                    if (root.TryGetProperty("scenario", out var scenario))
                    {
                        RefuseNetworkFieldsInCrossings(scenario, "scenario.");
                    }

                    return document.Deserialize<Hindcast>(JsonOptions)!;
                default:
                    throw new ForecastInputException(new Dictionary<string, string[]> { ["kind"] = ["must be \"queue\", \"crossing\", \"network\" or \"hindcast\""] });
            }
        }
        catch (JsonException e)
        {
            // The reader's own position ("Path: … | LineNumber: …") is dropped: Locate gives it from the path.
            var message = e.Message.Split(" Path: ")[0].Split(" LineNumber: ")[0].TrimEnd(' ', '|');
            if (e.Path is null or "$" && e.LineNumber is { } line)
            {
                message += $" (line {line + 1}, byte {e.BytePositionInLine + 1})"; // broken text: no field to locate
            }

            throw new ForecastInputException(new Dictionary<string, string[]> { [e.Path ?? "$"] = [message] });
        }
    }

    /// <summary>
    /// Where <paramref name="field"/> (a path as the errors of <see cref="ForecastInputException"/> name
    /// it: <c>categories[0].patience.meanHours</c>, or <c>$.…</c>) is written in <paramref name="json"/>: the
    /// 1-based line and column of its name, or of the nearest enclosing field that is written (a missing
    /// field is reported where it should be).
    /// </summary>
    /// <returns>Null if the text cannot be read far enough to tell.</returns>
    public static (int Line, int Column)? Locate(string json, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var positions = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase) { [""] = 0 };
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var containers = new Stack<(string Path, bool IsArray, int Next)>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        property = Join(containers.Count > 0 ? containers.Peek().Path : "", reader.GetString()!);
                        positions.TryAdd(property, reader.TokenStartIndex);
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        containers.Push((ValuePath(reader.TokenStartIndex), reader.TokenType == JsonTokenType.StartArray, 0));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        containers.Pop();
                        break;
                    default:
                        ValuePath(reader.TokenStartIndex);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Keep what was read before the text went wrong.
        }

        // A value's path: the property just read, or the next index of the enclosing array.
        string ValuePath(long start)
        {
            if (containers.Count > 0 && containers.Peek().IsArray)
            {
                var (path, isArray, next) = containers.Pop();
                containers.Push((path, isArray, next + 1));
                var element = $"{path}[{next}]";
                positions.TryAdd(element, start);
                return element;
            }

            return property ?? "";
        }

        var wanted = field.StartsWith('$') ? field.TrimStart('$').TrimStart('.') : field;
        while (!positions.ContainsKey(wanted))
        {
            var cut = Math.Max(wanted.LastIndexOf('.'), wanted.LastIndexOf('['));
            wanted = cut > 0 ? wanted[..cut] : "";
        }

        var offset = (int)positions[wanted];
        var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(0, offset - 1)) + 1;
        if (offset == 0)
        {
            lineStart = 0;
        }

        var line = 1 + bytes.AsSpan(0, lineStart).Count((byte)'\n');
        var column = 1 + Encoding.UTF8.GetCharCount(bytes, lineStart, offset - lineStart);
        return (line, column);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>A network sets the horizon, warm-up, replications and seed for all its crossings; stated in one crossing they would be silently ignored, so they are refused.</summary>
    private static void RefuseNetworkFieldsInCrossings(JsonElement network, string path)
    {
        if (network.ValueKind != JsonValueKind.Object || !network.TryGetProperty("crossings", out var crossings) || crossings.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var errors = new Dictionary<string, string[]>();
        var i = 0;
        foreach (var crossing in crossings.EnumerateArray())
        {
            if (crossing.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in crossing.EnumerateObject())
                {
                    if (NetworkScenario.NetworkLevelFields.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
                    {
                        errors[$"{path}crossings[{i}].{field.Name}"] = ["is set for the whole network, not for one crossing"];
                    }
                }
            }

            i++;
        }

        if (errors.Count > 0)
        {
            throw new ForecastInputException(errors);
        }
    }
}
