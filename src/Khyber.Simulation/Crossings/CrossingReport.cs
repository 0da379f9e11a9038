using System.Text.Json.Nodes;
using Khyber.Simulation.QueueModels;
using Khyber.Simulation.Statistics;

namespace Khyber.Simulation.Crossings;

/// <summary>A crossing forecast as JSON in the API contract's shape (offsets in hours for <c>at</c>), plus a few figures the contract leaves open.</summary>
public static class CrossingReport
{
    public static JsonObject ToJson(CrossingForecastResult result)
    {
        var waits = new JsonObject();
        foreach (var category in result.Categories)
        {
            waits[category.Name] = new JsonObject
            {
                ["mean"] = N(category.WaitMinutes.Mean),
                ["p50"] = N(category.WaitMinutes.P50),
                ["p90"] = N(category.WaitMinutes.P90),
                ["p99"] = N(category.WaitMinutes.P99),
            };
        }

        return new JsonObject
        {
            ["name"] = result.Name,
            ["backlog"] = new JsonArray([.. result.Backlog.Select(b => new JsonObject
            {
                ["at"] = b.AtHours,
                ["mean"] = QueueReport.Number(b.Mean),
                ["p10"] = QueueReport.Number(b.P10),
                ["p90"] = QueueReport.Number(b.P90),
            })]),
            ["clearanceHours"] = result.ClearanceHours is { } clearance
                ? new JsonObject { ["mean"] = N(clearance), ["p90"] = QueueReport.Number(clearance.P90), ["clearedWithinHorizon"] = result.ClearedWithinHorizonFraction }
                : null,
            ["strandedCalledHours"] = result.StrandedCalledHours is { } stranded
                ? new JsonObject { ["mean"] = N(stranded), ["p90"] = QueueReport.Number(stranded.P90) }
                : null,
            ["waitMinutes"] = waits,
            ["spoiled"] = new JsonObject
            {
                ["trucks"] = MeanP90(result.SpoiledTrucks),
                ["valueUsd"] = MeanP90(result.SpoiledValueUsd),
            },
            ["crossed"] = new JsonObject { ["mean"] = N(result.Crossed) },
            ["laneUtilisation"] = new JsonObject { ["mean"] = N(result.LaneUtilisation) },
            ["stillWaiting"] = new JsonObject { ["mean"] = N(result.StillWaiting) },
            ["gaveUp"] = new JsonObject { ["trucks"] = MeanP90(result.GaveUp), ["valueUsd"] = MeanP90(result.GaveUpValueUsd) },
            ["turnedAway"] = MeanP90(result.TurnedAway),
            ["diverted"] = new JsonObject { ["in"] = MeanP90(result.DivertedIn), ["out"] = MeanP90(result.DivertedOut) },
        };
    }

    public static JsonObject ToJson(CrossingComparison comparison)
    {
        var json = new JsonObject { ["baseline"] = ToJson(comparison.Baseline) };
        if (comparison.Alternative is { } alternative)
        {
            json["alternative"] = ToJson(alternative);
        }

        return json;
    }

    private static JsonObject MeanP90(Estimate estimate) => new()
    {
        ["mean"] = N(estimate),
        ["p90"] = QueueReport.Number(estimate.P90),
        ["ci99"] = new JsonArray(QueueReport.Number(estimate.Ci99Lower), QueueReport.Number(estimate.Ci99Upper)),
    };

    private static JsonNode? N(Estimate estimate) => QueueReport.Number(estimate.Mean);
}
