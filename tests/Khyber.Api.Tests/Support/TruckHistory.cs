using Khyber.Domain;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Tests.Support;

/// <summary>Trucks that have already crossed, made in bulk for history: registered, called and exited (and entered) at given times.</summary>
public static class TruckHistory
{
    private static int _plates;

    /// <summary>A truck of <paramref name="carrier"/> that left through the departure gate at <paramref name="exitedAt"/>; entered the other side too when <paramref name="entered"/>.</summary>
    public static Truck Exited(string crossing, Direction direction, DateTimeOffset exitedAt, bool entered = true, string carrier = "khyber-freight", string driver = "Gul Zaman")
    {
        var plate = $"HX{Interlocked.Increment(ref _plates):D7}";
        var registration = new TruckRegistration(crossing, direction, plate, "PK", driver, "PK1234567", "Portland cement", "252329",
            CargoCategory.General, 12_000m, 20_000m, null);
        var truck = Truck.Register(registration, carrier, exitedAt.AddHours(-6));
        truck.CheckIn(1, exitedAt.AddHours(-5));
        truck.Call("pk.officer." + crossing, exitedAt.AddMinutes(-10));
        truck.Exit("pk.officer." + crossing, exitedAt);
        if (entered)
        {
            truck.Enter("af.officer." + crossing, exitedAt.AddMinutes(20));
        }
        return truck;
    }
}
