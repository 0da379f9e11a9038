using System.Text.Json.Nodes;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.QueueModels;

/// <summary>The JSON report of a queue forecast, in the shape analysts' scripts read.</summary>
public static class QueueReport
{
    public static JsonObject ToJson(QueueForecastResult result)
    {
        var classes = new JsonObject();
        foreach (var c in result.Classes)
        {
            classes[c.Name] = Class(c);
        }

        return new JsonObject
        {
            ["classes"] = classes,
            ["all"] = Class(result.All),
            ["utilisation"] = Number(result.Utilisation.Mean),
            ["queueLength"] = new JsonObject { ["mean"] = Number(result.QueueLength.Mean) },
        };
    }

    private static JsonObject Class(QueueClassResult c) => new()
    {
        ["waitMinutes"] = new JsonObject
        {
            ["mean"] = Number(c.WaitMinutes.Mean.Mean),
            ["ci99"] = new JsonArray(Number(c.WaitMinutes.Mean.Ci99Lower), Number(c.WaitMinutes.Mean.Ci99Upper)),
            ["p50"] = Number(c.WaitMinutes.P50.Mean),
            ["p90"] = Number(c.WaitMinutes.P90.Mean),
            ["p99"] = Number(c.WaitMinutes.P99.Mean),
        },
        ["arrived"] = Number(c.Arrived.Mean),
        ["served"] = Number(c.Served.Mean),
        ["blockedFraction"] = Number(c.BlockedFraction.Mean),
        ["gaveUpFraction"] = Number(c.GaveUpFraction.Mean),
        ["spoiled"] = new JsonObject { ["mean"] = Number(c.Spoiled.Mean) },
    };

    /// <summary>NaN (nothing measured) becomes null: JSON has no NaN.</summary>
    internal static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6)) : null;

    internal static JsonNode? Number(Estimate estimate) => Number(estimate.Mean);
}
