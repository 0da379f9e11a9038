using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Crossings;
using Khyber.Domain.Notices;
using Khyber.Domain.Trucks;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Demo;

/// <summary>
/// Fills an empty database with the Pakistan–Afghanistan crossings and the story of the source article
/// as it stands after the Torkham closure, plus weeks of synthetic history.
/// </summary>
public sealed class DemoSeeder(
    KhyberDb db, UserManager<KhyberUser> users, AuditIdentity audit, TimeProvider time, IConfiguration config, Commitments.EvaluateCommitments evaluate, ILogger<DemoSeeder> log)
{
    public const string DefaultPassword = "Torkham-2026";

    public static async Task SeedIfEnabledAsync(WebApplication app)
    {
        if (!app.Configuration.GetValue("Demo:Enabled", false))
        {
            return;
        }
        if (app.Environment.IsProduction() && !app.Configuration.GetValue("Demo:Force", false))
        {
            throw new InvalidOperationException("Demo:Enabled is refused in the Production environment; set Demo:Force=true to load demo data anyway.");
        }
        await using var scope = app.Services.CreateAsyncScope();
        // Demo:Story=false loads the crossings and users only — empty queues, every gate open (for benchmarks).
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(story: app.Configuration.GetValue("Demo:Story", true), CancellationToken.None);
    }

    /// <summary>Seeds crossings and users; with <paramref name="story"/>, also notices, queues and history. Does nothing on a database that has crossings.</summary>
    public async Task<bool> SeedAsync(bool story, CancellationToken ct)
    {
        if (await db.Crossings.AnyAsync(ct))
        {
            log.LogInformation("Demo data not loaded: the database already has crossings");
            return false;
        }
        var now = time.GetUtcNow();
        audit.Set("system", null, "LoadDemo", "demo");
        db.Crossings.AddRange(DemoCrossings.All(now));
        foreach (var c in DemoCargo.Carriers)
        {
            db.Carriers.Add(new Carrier
            {
                Id = c.Id,
                Name = c.Name,
                Country = c.Country,
                RegistrationNumber = c.RegistrationNumber,
                ContactName = c.ContactName,
                ContactPhone = c.ContactPhone,
                ContactEmail = c.ContactEmail,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        await SeedUsersAsync(config["Demo:Password"] ?? DefaultPassword);
        if (story)
        {
            var days = Math.Clamp(config.GetValue("Demo:HistoryDays", 21), 0, 90);
            // Thousands of rows of synthetic history are summarised in one audit entry rather than listed.
            audit.PayloadOverride = $"{{\"demo\":\"story\",\"historyDays\":{days},\"seed\":2026}}";
            await new DemoStory(db, now, seed: 2026).WriteAsync(days, ct);
            audit.PayloadOverride = null;
            // The measured Kabul commitments' baseline, from the history just written, as the evaluation clock would measure it.
            await evaluate.RunAsync(ct);
        }
        log.LogInformation("Demo data loaded (story: {Story})", story);
        return true;
    }

    private async Task SeedUsersAsync(string password)
    {
        await Create("admin", "Administrator", Role.Admin, null, null, null, password);
        await Create("pk.admin", "Pakistani administrator", Role.Admin, Side.PK, null, null, password);
        await Create("af.admin", "Afghan administrator", Role.Admin, Side.AF, null, null, password);
        await Create("pk.liaison", "Pakistan liaison desk (MoFA)", Role.Liaison, Side.PK, null, null, password);
        await Create("af.liaison", "Afghanistan liaison desk (MoFA)", Role.Liaison, Side.AF, null, null, password);
        foreach (var crossing in DemoCrossings.Ids)
        {
            await Create($"pk.officer.{crossing}", $"Pakistani gate officer, {crossing}", Role.Officer, Side.PK, crossing, null, password);
            await Create($"af.officer.{crossing}", $"Afghan gate officer, {crossing}", Role.Officer, Side.AF, crossing, null, password);
        }
        await Create("carrier.demo", DemoCargo.Carriers[0].Name, Role.Carrier, null, null, DemoCargo.Carriers[0].Id, password);
        await Create("carrier2.demo", DemoCargo.Carriers[1].Name, Role.Carrier, null, null, DemoCargo.Carriers[1].Id, password);
    }

    private async Task Create(string userName, string displayName, Role role, Side? side, string? crossing, string? carrier, string password)
    {
        var user = new KhyberUser
        {
            UserName = userName,
            DisplayName = displayName,
            Role = role,
            Side = side,
            CrossingId = crossing,
            CarrierId = carrier,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Cannot create demo user {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
