using System.Net;
using Khyber.Api.Tests.Support;
using Khyber.Domain;
using Khyber.Domain.Trucks;

namespace Khyber.Api.Tests.Exports;

/// <summary>CSV exports of a crossing's trucks, notices and incidents: the rows of the range, times in UTC and in both sides' clocks, personal data only for who may see it, formulas defused.</summary>
public sealed class ExportTests
{
    private static async Task<(HttpResponseMessage Response, string[] Header, List<Dictionary<string, string>> Rows)> Export(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var (header, rows) = Csv.Read(bytes);
        return (response, header, rows);
    }

    [Fact]
    public async Task Crossed_trucks_of_the_range_come_with_each_time_in_utc_and_in_both_sides_clocks()
    {
        await using var app = await TestApp.StartAsync();
        var day = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        Truck? known = null;
        await app.BulkAsync(db =>
        {
            for (var i = 0; i < 30; i++)
            {
                var truck = TruckHistory.Exited("torkham", i % 2 == 0 ? Direction.PkToAf : Direction.AfToPk, day.AddHours(i * 5), entered: i % 3 != 0, driver: $"Driver {i}");
                known ??= truck;
                db.Trucks.Add(truck);
            }
            db.Trucks.Add(TruckHistory.Exited("chaman", Direction.PkToAf, day.AddHours(10)));
            return Task.CompletedTask;
        });
        var liaison = await app.As("af.liaison");

        var (response, header, rows) = await Export(liaison, "/api/v1/crossings/torkham/exports/trucks.csv?from=2026-11-20&to=2026-11-22&status=crossed");
        Assert.Equal("attachment; filename=khyber-torkham-trucks-crossed-2026-11-20-to-2026-11-22.csv", response.Content.Headers.ContentDisposition!.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        // Exits on 20, 21 and 22 November (UTC): every five hours from midnight on the 20th, the 15th at 03:00 on the 23rd is out.
        Assert.Equal(15, rows.Count);
        // A liaison sees the trucks, not their drivers.
        Assert.DoesNotContain("driver_name", header);
        Assert.DoesNotContain("driver_document_number", header);
        Assert.Equal(["exited_at_utc", "exited_at_pk_local", "exited_at_af_local"], header.Where(h => h.StartsWith("exited_at", StringComparison.Ordinal)));
        var first = rows[0];
        Assert.Equal(known!.Id.ToString(), first["id"]);
        Assert.Equal(known.Plate, first["plate"]);
        Assert.Equal("2026-11-20T00:00:00Z", first["exited_at_utc"]);
        Assert.Equal("2026-11-20 05:00:00", first["exited_at_pk_local"]);   // Asia/Karachi, UTC+5
        Assert.Equal("2026-11-20 04:30:00", first["exited_at_af_local"]);   // Asia/Kabul, UTC+4:30
        Assert.Equal("exited", first["status"]);   // the first of every three has not entered yet
        Assert.Equal("PK-AF", first["direction"]);
        Assert.Equal("general", first["cargo_category"]);
        Assert.Equal("", first["rejected_at_utc"]);
        Assert.All(rows, r => Assert.Equal("torkham", r["crossing_id"]));
        Assert.Equal(rows.Select(r => r["exited_at_utc"]).Order(StringComparer.Ordinal), rows.Select(r => r["exited_at_utc"]));

        // The officers of the crossing export it too, with the drivers (they check their papers); all trucks registered in the range without a status.
        var (_, officerHeader, officerRows) = await Export(await app.As("pk.officer.torkham"), "/api/v1/crossings/torkham/exports/trucks.csv?from=2026-11-19&to=2026-11-25");
        Assert.Contains("driver_name", officerHeader);
        Assert.Contains("driver_document_number", officerHeader);
        Assert.Equal(30, officerRows.Count);
        Assert.Contains(officerRows, r => r["driver_name"] == "Driver 0");
    }

    [Fact]
    public async Task Waiting_rejected_and_spoiled_trucks_are_exported_by_the_time_of_that_step()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var officer = await app.As("pk.officer.torkham");
        async Task<string> Register(TruckBuilder builder, bool arrive)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", builder.Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;
            if (arrive)
            {
                await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
            }
            return id;
        }
        var waiting = await Register(new TruckBuilder(), arrive: true);
        var rejected = await Register(new TruckBuilder(), arrive: true);
        await (await officer.Post($"/api/v1/trucks/{rejected}/rejection", new { reason = "=HYPERLINK(\"http://evil.example\",\"Seal\")" })).Json(HttpStatusCode.OK);
        var spoiling = await Register(new TruckBuilder().Perishable(app.Time.GetUtcNow().AddHours(2)), arrive: true);
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        app.Time.Advance(TimeSpan.FromHours(3));
        await app.TickAsync();
        var liaison = await app.As("pk.liaison");
        const string Range = "from=2026-11-28&to=2026-11-28";

        var (_, _, rows) = await Export(liaison, $"/api/v1/crossings/torkham/exports/trucks.csv?{Range}&status=waiting");
        Assert.Equal([waiting], rows.Select(r => r["id"]));
        (_, _, rows) = await Export(liaison, $"/api/v1/crossings/torkham/exports/trucks.csv?{Range}&status=rejected");
        Assert.Equal([rejected], rows.Select(r => r["id"]));
        // A formula in a cell is written as text: a spreadsheet does not run it.
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"Seal\")", rows[0]["rejection_reason"]);
        (_, _, rows) = await Export(liaison, $"/api/v1/crossings/torkham/exports/trucks.csv?{Range}&status=spoiled");
        Assert.Equal([spoiling], rows.Select(r => r["id"]));
        Assert.Equal("2026-11-28T09:00:00Z", rows[0]["spoiled_at_utc"]);
        (_, _, rows) = await Export(liaison, $"/api/v1/crossings/torkham/exports/trucks.csv?{Range}");
        Assert.Equal(3, rows.Count);
        (_, _, rows) = await Export(liaison, "/api/v1/crossings/torkham/exports/trucks.csv?from=2026-11-29&to=2026-11-30");
        Assert.Empty(rows);
    }

    [Fact]
    public async Task Every_text_cell_that_starts_like_a_formula_gets_a_leading_quote()
    {
        await using var app = await TestApp.StartAsync();
        var at = KhyberFactory.Start.AddHours(-2);
        var formulas = new[] { "=1+2", "+1+2", "-1+2", "@SUM(A1)", "\t=1", "\r=1" };
        await app.BulkAsync(db =>
        {
            for (var i = 0; i < formulas.Length; i++)
            {
                db.Trucks.Add(TruckHistory.Exited("torkham", Direction.PkToAf, at.AddMinutes(i), driver: formulas[i]));
            }
            db.Trucks.Add(TruckHistory.Exited("torkham", Direction.PkToAf, at.AddMinutes(30), driver: "Gul = Zaman - Afridi"));
            return Task.CompletedTask;
        });
        var (_, _, rows) = await Export(await app.As("af.officer.torkham"), "/api/v1/crossings/torkham/exports/trucks.csv?from=2026-11-28&to=2026-11-28&status=crossed");
        Assert.Equal([.. formulas.Select(f => "'" + f), "Gul = Zaman - Afridi"], rows.Select(r => r["driver_name"]));
        // Numbers are numbers, not text: a value is never escaped.
        Assert.All(rows, r => Assert.Equal("12000", r["value_usd"].Split('.')[0]));
    }

    [Fact]
    public async Task Notices_and_incidents_of_the_range_are_exported_with_both_sides_clocks()
    {
        await using var app = await TestApp.StartAsync();
        var notice = await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        await (await (await app.As("pk.liaison")).Post($"/api/v1/notices/{notice.GetProperty("id").GetString()}/acknowledgement", new { })).Json(HttpStatusCode.Created);
        await (await (await app.As("pk.officer.chaman")).Post("/api/v1/crossings/chaman/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        var incident = await Registers.IncidentAsync(app);
        var liaison = await app.As("af.liaison");

        var (_, header, rows) = await Export(liaison, "/api/v1/crossings/torkham/exports/notices.csv?from=2026-11-28&to=2026-11-28");
        var row = Assert.Single(rows);
        Assert.Equal(notice.GetProperty("id").GetString(), row["id"]);
        Assert.Equal("AF", row["side"]);
        Assert.Equal("closed", row["gate_state"]);
        Assert.Equal("PK-AF AF-PK", row["directions"]);
        Assert.Equal("true", row["emergency"]);
        Assert.Equal("2026-11-28T06:00:00Z", row["issued_at_utc"]);
        Assert.Equal("2026-11-28 11:00:00", row["issued_at_pk_local"]);
        Assert.Equal("2026-11-28 10:30:00", row["issued_at_af_local"]);
        Assert.Equal("pk.liaison", row["acknowledged_by"]);
        Assert.DoesNotContain("driver_name", header);

        (_, _, rows) = await Export(liaison, "/api/v1/crossings/torkham/exports/incidents.csv?from=2026-11-01&to=2026-11-30");
        row = Assert.Single(rows);
        Assert.Equal(incident.ToString(), row["id"]);
        Assert.Equal("PK", row["reporting_side"]);
        Assert.Equal("exchange-of-fire", row["category"]);
        Assert.Equal("1", row["pk_personnel_injured"]);
        Assert.Equal("0", row["af_civilian_killed"]);
        Assert.Equal("2026-11-28T03:00:00Z", row["occurred_at_utc"]);
        Assert.Equal("2026-11-28 08:00:00", row["occurred_at_pk_local"]);
        Assert.Equal("0", row["responses"]);
    }

    [Fact]
    public async Task Officers_export_only_their_own_crossing_and_carriers_not_at_all()
    {
        await using var app = await TestApp.StartAsync();
        const string Url = "/api/v1/crossings/torkham/exports/trucks.csv?from=2026-11-28&to=2026-11-28";
        await (await (await app.As("pk.officer.chaman")).GetAsync(Url)).Problem(HttpStatusCode.Forbidden);
        await (await (await app.As("carrier.demo")).GetAsync(Url)).Problem(HttpStatusCode.Forbidden);
        await (await app.Anonymous().GetAsync(Url)).Problem(HttpStatusCode.Unauthorized);
        await (await (await app.As("admin")).GetAsync("/api/v1/crossings/nowhere/exports/trucks.csv?from=2026-11-28&to=2026-11-28")).Problem(HttpStatusCode.NotFound);
    }
}
