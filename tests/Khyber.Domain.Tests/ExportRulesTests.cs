using Khyber.Domain.Access;
using Khyber.Domain.Exports;

namespace Khyber.Domain.Tests;

public sealed class ExportRulesTests
{
    private static readonly DateOnly Day = new(2026, 11, 28);

    private static (ExportRequest? Request, FieldErrors Errors) Validate(string? kind, DateOnly? from, DateOnly? to, string? status = null)
    {
        var errors = new FieldErrors();
        return (ExportRules.Validate(kind, from, to, status, errors), errors);
    }

    [Fact]
    public void A_range_of_days_is_cut_at_midnight_utc_both_days_included()
    {
        var (request, errors) = Validate("trucks", Day.AddDays(-6), Day, "crossed");
        Assert.False(errors.Any);
        Assert.Equal(new ExportRequest(ExportKind.Trucks, Day.AddDays(-6), Day, TruckExportStatus.Crossed), request);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero), request!.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), request.End);
    }

    [Theory]
    [InlineData(365, true)]
    [InlineData(366, false)]
    public void A_year_of_366_days_is_the_longest_range(int daysBetween, bool accepted)
    {
        var (request, errors) = Validate("incidents", Day.AddDays(-daysBetween), Day);
        Assert.Equal(accepted, request is not null);
        Assert.Equal(accepted ? [] : ["to"], errors.All.Select(e => e.Field));
    }

    [Theory]
    [InlineData("lorries", "2026-11-01", "2026-11-28", null, "kind")]
    [InlineData(null, "2026-11-01", "2026-11-28", null, "kind")]
    [InlineData("trucks", "2026-11-28", "2026-11-01", null, "from")]
    [InlineData("trucks", null, "2026-11-01", null, "from")]
    [InlineData("trucks", "2026-11-01", null, null, "to")]
    [InlineData("trucks", "2026-11-01", "2026-11-28", "parked", "status")]
    [InlineData("trucks", "2026-11-01", "2026-11-28", "entered", "status")]
    [InlineData("notices", "2026-11-01", "2026-11-28", "crossed", "status")]
    public void A_bad_field_is_named(string? kind, string? from, string? to, string? status, string field)
    {
        var (request, errors) = Validate(kind, from is null ? null : DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), status);
        Assert.Null(request);
        Assert.Equal([field], errors.All.Select(e => e.Field));
    }

    [Fact]
    public void Officers_export_their_own_crossing_liaisons_and_administrators_any_and_carriers_none()
    {
        var officer = new Actor("pk.officer.torkham", Role.Officer, Side.PK, "torkham", null);
        Assert.True(Permissions.MayExport(officer, "torkham"));
        Assert.False(Permissions.MayExport(officer, "chaman"));
        Assert.True(Permissions.MayExport(new Actor("af.liaison", Role.Liaison, Side.AF, null, null), "chaman"));
        Assert.True(Permissions.MayExport(new Actor("admin", Role.Admin, null, null, null), "chaman"));
        Assert.False(Permissions.MayExport(new Actor("carrier.demo", Role.Carrier, null, null, "khyber-freight"), "torkham"));
        // Drivers' names go to whoever may see the driver of every truck of the crossing, exactly as MaySeeDriver says for each:
        // its officers of either side, not liaisons or administrators (who see the trucks).
        var truck = Trucks.Truck.Register(new Trucks.TruckRegistration("torkham", Direction.PkToAf, "PES1", "PK", "Gul Zaman", "PK1234567",
            "Cement", "252329", Trucks.CargoCategory.General, 1, 1, null), "khyber-freight", DateTimeOffset.UnixEpoch);
        foreach (var actor in new[]
        {
            officer, new Actor("af.officer.torkham", Role.Officer, Side.AF, "torkham", null), new Actor("pk.officer.chaman", Role.Officer, Side.PK, "chaman", null),
            new Actor("af.liaison", Role.Liaison, Side.AF, null, null), new Actor("admin", Role.Admin, null, null, null),
        })
        {
            Assert.Equal(Permissions.MaySeeDriver(actor, truck), Permissions.MaySeeDriversAt(actor, "torkham"));
        }
        Assert.True(Permissions.MaySeeDriversAt(officer, "torkham"));
        Assert.False(Permissions.MaySeeDriversAt(new Actor("af.liaison", Role.Liaison, Side.AF, null, null), "torkham"));
    }
}
