using Khyber.Domain;
using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;

namespace Khyber.Domain.Tests;

public sealed class PersonalDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, 90)]
    [InlineData(30, 30)]
    [InlineData(7, 7)]
    [InlineData(3, 7)]
    [InlineData(0, null)]
    [InlineData(-5, null)]
    public void The_retention_is_the_setting_ninety_days_without_one_at_least_a_week_and_none_at_zero(int? configured, int? days) =>
        Assert.Equal(days, PersonalData.RetentionDays(configured));

    [Fact]
    public void Each_registration_draws_its_own_salt()
    {
        var salts = Enumerable.Range(0, 100).Select(_ => Truck().PersonalDataSalt).ToHashSet();
        Assert.Equal(100, salts.Count);
        Assert.All(salts, s => Assert.Matches("^[0-9a-f]{32}$", s));
    }

    [Fact]
    public void Only_an_ended_registration_is_erased_and_erasing_drops_the_driver_and_the_salt_but_not_the_truck()
    {
        var truck = Truck();
        truck.CheckIn(1, Now);
        Assert.Throws<StateConflictException>(() => truck.ErasePersonalData(Now));
        Assert.Equal("Gul Zaman", truck.DriverName);
        Assert.Null(truck.EndedAt);

        truck.Cancel(Now.AddHours(1));
        Assert.Equal(Now.AddHours(1), truck.EndedAt);
        truck.ErasePersonalData(Now.AddDays(91));
        Assert.Equal(("", "", null, null), (truck.DriverName, truck.DriverDocumentNumber, truck.DriverPhone, truck.PersonalDataSalt));
        Assert.Equal(Now.AddDays(91), truck.PersonalDataErasedAt);
        Assert.Equal(("PES1234", TruckStatus.Cancelled), (truck.Plate, truck.Status));

        // A second erasure changes nothing, not even when.
        truck.ErasePersonalData(Now.AddDays(92));
        Assert.Equal(Now.AddDays(91), truck.PersonalDataErasedAt);
    }

    [Fact]
    public void A_texts_number_is_erased_only_once_it_can_no_longer_be_sent()
    {
        var text = SmsMessage.Create("called:x", null, DriverMessageKind.CalledForward, "+923001234567", DriverLanguage.Ur, "Come", Now, Now.AddMinutes(20));
        Assert.Throws<InvalidOperationException>(() => text.ErasePersonalData(Now.AddMinutes(10)));
        text.ErasePersonalData(Now.AddMinutes(20));
        Assert.Equal("", text.Phone);
        Assert.Equal(Now.AddMinutes(20), text.PersonalDataErasedAt);
    }

    private static Truck Truck()
    {
        var truck = new Truck
        {
            Id = Guid.NewGuid(), CrossingId = "torkham", Direction = Direction.PkToAf, Plate = "PES1234", RegistrationCountry = "PK",
            CarrierId = "c", DriverName = "Gul Zaman", DriverDocumentNumber = "PK1234567", DriverPhone = "+923001234567",
            CargoDescription = "x", HsCode = "252329", Category = CargoCategory.General, ValueUsd = 1, WeightKg = 1,
            RegisteredAt = Now, TrackingCode = TrackingCode.New(),
        };
        truck.Activate(Now);
        return truck;
    }
}
