using Khyber.Domain;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

public sealed class TruckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    private static TruckDraft Valid() => new("torkham", "PK-AF", "PES 1234", "PK", "Gul Zaman", "PK1234567", "Kinnow mandarins", "080521", "perishable", 12000m, 18000m, null, 72);

    [Fact]
    public void A_perishable_with_a_shelf_life_spoils_that_long_after_registration()
    {
        var errors = new FieldErrors();
        var registration = TruckRules.Validate(Valid(), Now, errors);
        Assert.False(errors.Any);
        Assert.Equal(Now.AddHours(72), registration!.SpoilsAt);
        // Normalised on the way in: the plate without spaces or dashes, the category typed.
        Assert.Equal("PES1234", registration.Plate);
        Assert.Equal(CargoCategory.Perishable, registration.Category);
    }

    [Theory]
    [InlineData("plate", "P")]
    [InlineData("registrationCountry", "XX")]
    [InlineData("cargo.hsCode", "08052")]
    [InlineData("cargo.category", "fruit")]
    [InlineData("cargo.valueUsd", "-1")]
    [InlineData("cargo.weightKg", "0")]
    [InlineData("cargo.spoilsAt", "past")]
    [InlineData("driver.documentNumber", "#")]
    public void Each_rule_names_its_field(string field, string value)
    {
        var d = Valid();
        d = field switch
        {
            "plate" => d with { Plate = value },
            "registrationCountry" => d with { RegistrationCountry = value },
            "cargo.hsCode" => d with { HsCode = value },
            "cargo.category" => d with { Category = value },
            "cargo.valueUsd" => d with { ValueUsd = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "cargo.weightKg" => d with { WeightKg = decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "cargo.spoilsAt" => d with { SpoilsAt = Now.AddHours(-1), ShelfLifeHours = null },
            "driver.documentNumber" => d with { DriverDocumentNumber = value },
            _ => d,
        };
        var errors = new FieldErrors();
        Assert.Null(TruckRules.Validate(d, Now, errors));
        Assert.Equal(field, Assert.Single(errors.All).Field);
    }

    [Fact]
    public void The_lifecycle_refuses_steps_out_of_order_and_frees_the_plate_when_it_ends()
    {
        var truck = new Truck
        {
            Id = Guid.NewGuid(), CrossingId = "torkham", Direction = Direction.PkToAf, Plate = "PES1234", RegistrationCountry = "PK",
            CarrierId = "c", DriverName = "d", DriverDocumentNumber = "PK1234567", CargoDescription = "x", HsCode = "252329",
            Category = CargoCategory.General, ValueUsd = 1, WeightKg = 1, RegisteredAt = Now, TrackingCode = TrackingCode.New(),
        };
        truck.Activate(Now);
        Assert.Throws<StateConflictException>(() => truck.Exit("o", Now));
        truck.CheckIn(1, Now);
        truck.Call("o", Now);
        truck.SendToBack(7, Now.AddMinutes(21));
        Assert.Equal(TruckStatus.Waiting, truck.Status);
        Assert.Equal(7, truck.QueueNumber);
        Assert.Equal(1, truck.NoShows);
        truck.Call("o", Now.AddMinutes(30));
        truck.Exit("o", Now.AddMinutes(35));
        Assert.Equal("PES1234", truck.ActivePlate);
        truck.Enter("a", Now.AddMinutes(60));
        Assert.Null(truck.ActivePlate);
        Assert.Throws<StateConflictException>(() => truck.Cancel(Now));
    }

    [Fact]
    public void A_waiting_perishable_past_its_spoil_time_is_spoiled()
    {
        var truck = new Truck
        {
            Id = Guid.NewGuid(), CrossingId = "torkham", Direction = Direction.AfToPk, Plate = "KBL1234", RegistrationCountry = "AF",
            CarrierId = "c", DriverName = "d", DriverDocumentNumber = "AF1234567", CargoDescription = "grapes", HsCode = "080610",
            Category = CargoCategory.Perishable, ValueUsd = 1, WeightKg = 1, RegisteredAt = Now, SpoilsAt = Now.AddHours(2), TrackingCode = TrackingCode.New(),
        };
        truck.Activate(Now);
        truck.CheckIn(1, Now);
        Assert.False(truck.SpoilIfDue(Now.AddHours(1)));
        Assert.True(truck.SpoilIfDue(Now.AddHours(2)));
        Assert.Equal(TruckStatus.Spoiled, truck.Status);
        Assert.Null(truck.ActivePlate);
    }
}
