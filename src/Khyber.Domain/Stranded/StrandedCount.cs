using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Stranded;

/// <summary>Who is stuck in one direction, and what is at stake.</summary>
public sealed record StrandedCount(
    Direction Direction,
    bool Blocked,
    int Trucks,
    int PerishableTrucks,
    int SpoilingBeforeReopening,
    decimal ValueAtRiskUsd,
    decimal ValueStrandedUsd)
{
    /// <summary>
    /// Every queued truck the direction's gates do not let through is stranded. A perishable whose
    /// spoil time comes before the expected reopening — or any perishable when no reopening is
    /// announced — will spoil; its value is the value at risk.
    /// </summary>
    public static StrandedCount Of(DirectionState state, IEnumerable<Truck> queued)
    {
        var stranded = queued.Where(t => t.InQueue && !state.Lets(t.Category)).ToList();
        var perishables = stranded.Where(t => t.Category == CargoCategory.Perishable).ToList();
        var spoiling = perishables
            .Where(t => state.ExpectedUntil is not { } reopening || t.SpoilsAt is not { } spoils || spoils <= reopening)
            .ToList();
        return new StrandedCount(
            state.Direction,
            state.Blocked,
            stranded.Count,
            perishables.Count,
            spoiling.Count,
            spoiling.Sum(t => t.ValueUsd),
            stranded.Sum(t => t.ValueUsd));
    }
}
