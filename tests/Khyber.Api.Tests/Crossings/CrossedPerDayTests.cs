using System.Net;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Tests.Crossings;

public sealed class CrossedPerDayTests
{
    [Fact]
    public async Task Trucks_crossed_per_day_counts_every_exit_recorded_on_each_utc_day_not_a_sample()
    {
        await using var app = await TestApp.StartAsync();
        var now = app.Time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        // Three days of exits, 1 200 on one of them (more than any list would ever return), written straight to the database.
        var perDay = new Dictionary<DateOnly, int> { [today.AddDays(-2)] = 1200, [today.AddDays(-1)] = 7, [today] = 3 };
        await app.Db(async db =>
        {
            db.Acting("test", null, "Seed", "trucks");
            var n = 0;
            foreach (var (day, count) in perDay)
            {
                var midnight = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                for (var i = 0; i < count; i++)
                {
                    var at = midnight.AddSeconds((i * 60) % 86_000 + 1);
                    var truck = Truck.Register(new TruckRegistration("chaman", Direction.PkToAf, $"QTA{++n}", "PK", "Driver", "PK1234567", "Cargo", "080521", CargoCategory.General, 1000m, 1000m, null), "khyber-freight", at.AddHours(-2));
                    truck.CheckIn(n, at.AddHours(-1));
                    truck.Call("pk.officer.chaman", at.AddMinutes(-5));
                    truck.Exit("pk.officer.chaman", at);
                    if (n % 2 == 0)
                    {
                        truck.Enter("af.officer.chaman", at.AddMinutes(30));
                    }
                    db.Trucks.Add(truck);
                }
            }
            return await db.SaveChangesAsync();
        });

        var week = await app.Anonymous().GetJson("/api/v1/crossings/chaman/crossed-per-day?days=7");
        var shown = week.EnumerateArray().ToDictionary(d => DateOnly.Parse(d.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture), d => d.GetProperty("exited").GetInt32());
        Assert.Equal(7, shown.Count);
        Assert.Equal(today, shown.Keys.Max());
        Assert.All(shown, d => Assert.Equal(perDay.GetValueOrDefault(d.Key), d.Value));

        await (await app.Anonymous().GetAsync("/api/v1/crossings/chaman/crossed-per-day?days=0")).Problem(HttpStatusCode.UnprocessableEntity, "days");
        await (await app.Anonymous().GetAsync("/api/v1/crossings/nowhere/crossed-per-day")).Problem(HttpStatusCode.NotFound);
    }
}
