using CsvHelper;
using Khyber.Domain;
using Khyber.Domain.Exports;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Exports;

/// <summary>The trucks export: one row per truck, each step's time in UTC and in both sides' clocks.</summary>
/// <remarks>
/// Which trucks, and in which order, depends on the status asked: crossed — exited through the departure gate in the
/// range (entered since or not), by exit time; waiting — checked in during the range and still waiting or called, by
/// arrival; rejected and spoiled — by the time of that step; no status — registered in the range, by registration.
/// </remarks>
public static class TruckCsv
{
    public static async Task WriteAsync(KhyberDb db, string crossingId, ExportRequest r, CrossingClocks clocks, bool drivers, CsvWriter csv, CancellationToken ct)
    {
        var (start, end) = (r.Start, r.End);
        var trucks = db.Trucks.AsNoTracking().Where(t => t.CrossingId == crossingId);
        trucks = r.Status switch
        {
            TruckExportStatus.Crossed => trucks.Where(t => (t.Status == TruckStatus.Exited || t.Status == TruckStatus.Entered) && t.ExitedAt >= start && t.ExitedAt < end)
                .OrderBy(t => t.ExitedAt).ThenBy(t => t.Id),
            TruckExportStatus.Waiting => trucks.Where(t => (t.Status == TruckStatus.Waiting || t.Status == TruckStatus.Called) && t.ArrivedAt >= start && t.ArrivedAt < end)
                .OrderBy(t => t.ArrivedAt).ThenBy(t => t.Id),
            TruckExportStatus.Rejected => trucks.Where(t => t.Status == TruckStatus.Rejected && t.RejectedAt >= start && t.RejectedAt < end)
                .OrderBy(t => t.RejectedAt).ThenBy(t => t.Id),
            TruckExportStatus.Spoiled => trucks.Where(t => t.Status == TruckStatus.Spoiled && t.SpoiledAt >= start && t.SpoiledAt < end)
                .OrderBy(t => t.SpoiledAt).ThenBy(t => t.Id),
            _ => trucks.Where(t => t.RegisteredAt >= start && t.RegisteredAt < end).OrderBy(t => t.RegisteredAt).ThenBy(t => t.Id),
        };

        csv.WriteHeader([.. Columns(clocks, drivers)]);
        await foreach (var t in trucks.AsAsyncEnumerable().WithCancellation(ct))
        {
            csv.WriteField(t.Id.ToString());
            csv.WriteField(t.CrossingId);
            csv.WriteField(t.Direction.Id());
            csv.WriteField(t.Plate);
            csv.WriteField(t.RegistrationCountry);
            csv.WriteField(t.CarrierId);
            if (drivers)
            {
                csv.WriteField(t.DriverName);
                csv.WriteField(t.DriverDocumentNumber);
            }
            csv.WriteField(t.CargoDescription);
            csv.WriteField(t.HsCode);
            csv.WriteField(Kebab.Word(t.Category.ToString()));
            csv.WriteField(t.ValueUsd);
            csv.WriteField(t.WeightKg);
            csv.WriteField(Kebab.Word(t.Status.ToString()));
            csv.WriteField(t.NoShows);
            csv.WriteField(t.RejectionReason);
            clocks.Write(csv, t.RegisteredAt);
            clocks.Write(csv, t.ArrivedAt);
            clocks.Write(csv, t.CalledAt);
            clocks.Write(csv, t.ExitedAt);
            clocks.Write(csv, t.EnteredAt);
            clocks.Write(csv, t.RejectedAt);
            clocks.Write(csv, t.CancelledAt);
            clocks.Write(csv, t.SpoiledAt);
            clocks.Write(csv, t.SpoilsAt);
            await csv.EndRecordAsync(ct);
        }
    }

    public static IEnumerable<string> Columns(CrossingClocks clocks, bool drivers) =>
    [
        "id", "crossing_id", "direction", "plate", "registration_country", "carrier_id",
        .. drivers ? new[] { "driver_name", "driver_document_number" } : [],
        "cargo_description", "hs_code", "cargo_category", "value_usd", "weight_kg", "status", "no_shows", "rejection_reason",
        .. new[] { "registered_at", "arrived_at", "called_at", "exited_at", "entered_at", "rejected_at", "cancelled_at", "spoiled_at", "spoils_at" }.SelectMany(clocks.Columns),
    ];
}
