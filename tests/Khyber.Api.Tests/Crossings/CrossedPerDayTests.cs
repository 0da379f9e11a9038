using System.Diagnostics;
using System.Net;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Khyber.Domain.Trucks;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Crossings;

/// <summary>
/// "Trucks crossed per day" is counted by the database from every exit, not from a list that stops at a cap: a week of
/// about 600 exits a day at Torkham comes back day by day, exactly.
/// </summary>
public sealed class CrossedPerDayTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_week_of_about_600_exits_a_day_is_counted_exactly_day_by_day()
    {
        await using var app = await TestApp.StartAsync();
        var clock = Stopwatch.StartNew();
        var today = DateOnly.FromDateTime(app.Time.GetUtcNow().UtcDateTime);
        var expected = new Dictionary<DateOnly, int>();
        await app.BulkAsync(db =>
        {
            for (var back = 0; back < 8; back++)
            {
                var day = today.AddDays(-back);
                // Exits between 01:00 and 04:59 UTC on the test's "today" (it starts at 06:00), the whole working day before:
                // 01:00–18:59 UTC is the same date in UTC, Pakistan and Afghanistan, so the counts hold whichever clock days are cut by.
                var count = back == 0 ? 250 : 590 + (back * 7 % 23);
                var span = back == 0 ? TimeSpan.FromHours(4) : TimeSpan.FromHours(18);
                var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
                for (var i = 0; i < count; i++)
                {
                    var at = start + (span * i / count);
                    db.Trucks.Add(TruckHistory.Exited("torkham", i % 2 == 0 ? Direction.PkToAf : Direction.AfToPk, at, entered: i % 5 != 0));
                }
                expected[day] = count;
                // Traffic elsewhere does not count at Torkham.
                for (var i = 0; i < 40; i++)
                {
                    db.Trucks.Add(TruckHistory.Exited("chaman", Direction.PkToAf, start.AddMinutes(i * 20)));
                }
            }
            return Task.CompletedTask;
        });
        output.WriteLine($"{expected.Values.Sum() + 320} exits stored in {clock.Elapsed.TotalSeconds:F1} s");

        var days = await app.Anonymous().GetJson("/api/v1/crossings/torkham/crossed-per-day?days=7");
        var counted = days.EnumerateArray().ToDictionary(d => DateOnly.Parse(d.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture), d => d.GetProperty("exited").GetInt32());
        Assert.Equal(Enumerable.Range(0, 7).Select(b => today.AddDays(b - 6)), counted.Keys);
        foreach (var (day, exited) in counted)
        {
            Assert.True(expected[day] == exited, $"{day}: {exited} counted, {expected[day]} exited");
        }
        Assert.All(counted.Where(d => d.Key != today), d => Assert.InRange(d.Value, 590, 612));
        Assert.Equal(expected.Where(e => e.Key > today.AddDays(-7)).Sum(e => e.Value), counted.Values.Sum());
        output.WriteLine($"whole test {clock.Elapsed.TotalSeconds:F1} s; counts {string.Join(", ", counted.Values)}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"the week took {clock.Elapsed.TotalSeconds:F0} s to build and count");
    }

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
