using System.Net;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Audit;

/// <summary><c>khyber audit verify</c>, run in-process on the test's own database and on an exported file.</summary>
public sealed class AuditCommandLineTests
{

    [Fact]
    public async Task Verify_says_the_log_is_intact_then_names_the_entry_after_a_row_is_altered()
    {
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        for (var i = 0; i < 3; i++)
        {
            var id = (await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        }

        var (code, output) = await CommandLineInProcess.RunAsync(["audit", "verify", .. CommandLineInProcess.Source(app)]);
        Assert.Equal(0, code);
        Assert.Contains("Intact", output);

        await app.Db(db => db.Database.ExecuteSqlAsync($"""UPDATE "AuditEntries" SET "Subject" = 'truck/someone-else' WHERE "Seq" = 4"""));
        (code, output) = await CommandLineInProcess.RunAsync(["audit", "verify", .. CommandLineInProcess.Source(app)]);
        Assert.Equal(1, code);
        Assert.Contains("Broken at entry 4", output);
    }

    [Fact]
    public async Task An_exported_log_is_verified_on_its_own_and_a_forged_file_is_caught()
    {
        await using var app = await TestApp.StartAsync();
        await (await (await app.As("af.officer.torkham")).Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        await (await (await app.As("carrier.demo")).Post("/api/v1/trucks", new TruckBuilder().Build())).Json(HttpStatusCode.Created);
        var file = Path.Combine(Path.GetTempPath(), $"khyber-audit-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, (await CommandLineInProcess.RunAsync(["audit", "export", .. CommandLineInProcess.Source(app), "--out", file])).Code);
            var (code, output) = await CommandLineInProcess.RunAsync("audit", "verify", "--file", file);
            Assert.Equal(0, code);
            // The template's crossings and users were loaded (one entry), then the notice and the truck.
            Assert.Contains("Intact: 3 entries", output);

            var head = (await (await app.As("pk.liaison")).GetJson("/api/v1/audit/verification")).GetProperty("headHash").GetString()!;
            Assert.Equal(0, (await CommandLineInProcess.RunAsync("audit", "verify", "--file", file, "--expect-head", head)).Code);

            await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("af.officer.torkham", "pk.officer.torkham", StringComparison.Ordinal));
            (code, output) = await CommandLineInProcess.RunAsync("audit", "verify", "--file", file);
            Assert.Equal(1, code);
            Assert.Contains("Broken at entry 2", output);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_source_that_is_not_a_khyber_log_is_an_error_not_a_verdict()
    {
        Assert.Equal(2, (await CommandLineInProcess.RunAsync("audit", "verify", "--file", "/nonexistent/audit.json")).Code);
        Assert.NotEqual(0, (await CommandLineInProcess.RunAsync("audit", "verify")).Code);
    }
}
