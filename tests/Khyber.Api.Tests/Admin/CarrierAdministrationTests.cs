using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.Admin;

/// <summary>
/// Carrier companies: registered by an administrator of either side, or applied for by the company through the public
/// route and approved (company and first account with a one-time password) or rejected with a reason.
/// </summary>
public sealed class CarrierAdministrationTests
{
    private static async Task<Guid> Apply(TestApp app, string name = "Jalalabad Fresh Fruit Co.", string registration = "ACBR-7654321", string username = "jalalabad.fresh") =>
        (await (await app.Anonymous().Post("/api/v1/carrier-applications", CompanyBuilder.Application(name, registration, username))).Json(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();

    [Fact]
    public async Task An_administrator_registers_a_company_and_opens_its_account()
    {
        await using var app = await TestApp.StartAsync();
        var pk = await app.As("pk.admin");
        var response = await pk.Post("/api/v1/admin/carriers", CompanyBuilder.Company());
        var carrier = await response.Json(HttpStatusCode.Created);
        Assert.Equal("torkham-reefer-transport", carrier.GetProperty("id").GetString());
        Assert.Equal("/api/v1/admin/carriers/torkham-reefer-transport", response.Headers.Location?.OriginalString);
        Assert.Equal("+923005551234", carrier.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal(("PK", "SECP-0055501"), (carrier.GetProperty("country").GetString(), carrier.GetProperty("registrationNumber").GetString()));

        // A second company of the same name gets the next id; the same registration is refused.
        var twin = await (await pk.Post("/api/v1/admin/carriers", CompanyBuilder.Company(registration: "SECP-0055502"))).Json(HttpStatusCode.Created);
        Assert.Equal("torkham-reefer-transport-2", twin.GetProperty("id").GetString());
        await (await (await app.As("af.admin")).Post("/api/v1/admin/carriers", CompanyBuilder.Company("Another name", "secp-0055501"))).Problem(HttpStatusCode.UnprocessableEntity, "registrationNumber");

        var account = await (await pk.Post("/api/v1/admin/users", new UserBuilder().Named("reefer.dispatch").Carrier("torkham-reefer-transport").Build())).Json(HttpStatusCode.Created);
        Assert.Equal("torkham-reefer-transport", account.GetProperty("user").GetProperty("carrierId").GetString());
        var listed = (await pk.GetJson("/api/v1/admin/carriers")).EnumerateArray().Single(c => c.GetProperty("id").GetString() == "torkham-reefer-transport");
        Assert.Equal(1, listed.GetProperty("accounts").GetInt32());
        Assert.Equal(1, (await pk.GetJson("/api/v1/admin/carriers/khyber-freight")).GetProperty("accounts").GetInt32());

        var entry = (await (await app.As("af.liaison")).GetJson("/api/v1/audit?after=0&limit=500")).EnumerateArray().First(e => e.GetProperty("action").GetString() == "CreateCarrier");
        Assert.Equal(("pk.admin", "carrier/torkham-reefer-transport"), (entry.GetProperty("actor").GetString(), entry.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task A_company_applies_without_an_account_and_approval_registers_it_with_an_account_whose_password_must_be_changed()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Apply(app);
        var admin = await app.As("af.admin");
        var pending = (await admin.GetJson("/api/v1/admin/carrier-applications?status=pending")).EnumerateArray().Single();
        Assert.Equal((id, "pending", "jalalabad.fresh"), (pending.GetProperty("id").GetGuid(), pending.GetProperty("status").GetString(), pending.GetProperty("username").GetString()));
        Assert.Equal("+93700123456", pending.GetProperty("contact").GetProperty("phone").GetString());

        var approval = await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/approval", new { })).Json(HttpStatusCode.OK);
        Assert.Equal("approved", approval.GetProperty("application").GetProperty("status").GetString());
        Assert.Equal("af.admin", approval.GetProperty("application").GetProperty("decidedBy").GetString());
        var carrierId = approval.GetProperty("carrier").GetProperty("id").GetString();
        Assert.Equal("jalalabad-fresh-fruit-co", carrierId);
        Assert.Equal(carrierId, approval.GetProperty("application").GetProperty("carrierId").GetString());
        var account = approval.GetProperty("account");
        Assert.Equal(("jalalabad.fresh", "carrier", carrierId), (account.GetProperty("user").GetProperty("username").GetString(),
            account.GetProperty("user").GetProperty("role").GetString(), account.GetProperty("user").GetProperty("carrierId").GetString()));
        var oneTime = account.GetProperty("oneTimePassword").GetString()!;

        Assert.Equal("passwordChangeRequired", (await (await app.RequestToken("jalalabad.fresh", oneTime)).Problem(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        await (await app.Anonymous().Post("/api/v1/auth/password", new { username = "jalalabad.fresh", currentPassword = oneTime, newPassword = "Grapes-to-Peshawar-1" })).Json(HttpStatusCode.OK);
        var company = app.WithToken(await app.TokenFor("jalalabad.fresh", "Grapes-to-Peshawar-1"));
        var truck = await (await company.Post("/api/v1/trucks", new TruckBuilder().At("torkham", "AF-PK").Build())).Json(HttpStatusCode.Created);
        Assert.Equal(carrierId, truck.GetProperty("carrierId").GetString());

        // Decided once: a second decision is a conflict.
        await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/approval", new { })).Problem(HttpStatusCode.Conflict);
        await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/rejection", new { reason = "Too late." })).Problem(HttpStatusCode.Conflict);

        var audit = (await (await app.As("pk.liaison")).GetJson("/api/v1/audit?after=0&limit=500")).EnumerateArray().ToList();
        var applied = Assert.Single(audit, e => e.GetProperty("action").GetString() == "ApplyForAccess");
        Assert.Equal("public", applied.GetProperty("actor").GetString());
        var approved = Assert.Single(audit, e => e.GetProperty("action").GetString() == "ApproveCarrierApplication");
        var payload = approved.GetProperty("payload").GetString()!;
        Assert.Contains("\"entity\":\"Carrier\"", payload);
        Assert.Contains("\"entity\":\"CarrierApplication\"", payload);
        Assert.Contains("\"entity\":\"AccountChange\"", payload);
        Assert.DoesNotContain(oneTime, payload);
    }

    [Fact]
    public async Task An_approval_names_another_username_when_the_one_asked_for_is_taken()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Apply(app, username: "carrier.demo");
        var admin = await app.As("admin");
        await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/approval", new { })).Problem(HttpStatusCode.UnprocessableEntity, "username");
        Assert.Equal(0, await app.Db(db => db.Carriers.CountAsync(c => c.ApplicationId == id)));
        Assert.Equal("pending", (await admin.GetJson($"/api/v1/admin/carrier-applications/{id}")).GetProperty("status").GetString());

        var approval = await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/approval", new { username = "jalalabad.dispatch", displayName = "Jalalabad dispatch desk" })).Json(HttpStatusCode.OK);
        Assert.Equal(("jalalabad.dispatch", "Jalalabad dispatch desk"), (approval.GetProperty("account").GetProperty("user").GetProperty("username").GetString(),
            approval.GetProperty("account").GetProperty("user").GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task A_rejection_says_why_and_registers_nothing()
    {
        await using var app = await TestApp.StartAsync();
        var id = await Apply(app);
        var carriers = await app.Db(db => db.Carriers.CountAsync());
        var admin = await app.As("pk.admin");
        await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/rejection", new { reason = " " })).Problem(HttpStatusCode.UnprocessableEntity, "reason");
        var rejected = await (await admin.Post($"/api/v1/admin/carrier-applications/{id}/rejection", new { reason = "No registration with the Afghan Central Business Registry under this number." })).Json(HttpStatusCode.OK);
        Assert.Equal(("rejected", "pk.admin"), (rejected.GetProperty("status").GetString(), rejected.GetProperty("decidedBy").GetString()));
        Assert.Equal("No registration with the Afghan Central Business Registry under this number.", rejected.GetProperty("rejectionReason").GetString());
        Assert.Equal(carriers, await app.Db(db => db.Carriers.CountAsync()));
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "jalalabad.fresh")));
        Assert.Empty((await admin.GetJson("/api/v1/admin/carrier-applications?status=pending")).EnumerateArray());
        Assert.Single((await admin.GetJson("/api/v1/admin/carrier-applications?status=rejected")).EnumerateArray());
    }

    [Fact]
    public async Task Applications_are_limited_per_address()
    {
        await using var app = await TestApp.StartEmptyAsync(new Dictionary<string, string> { ["RateLimits:CarrierApplicationsPerAddressPerHour"] = "2" });
        // An empty database: the application needs only the schema.
        for (var i = 0; i < 2; i++)
        {
            await Apply(app, $"Company {i}", $"REG-{i}");
        }
        var response = await app.Anonymous().Post("/api/v1/carrier-applications", CompanyBuilder.Application("Company 3", "REG-3"));
        await response.Problem(HttpStatusCode.TooManyRequests);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(2, await app.Db(db => db.CarrierApplications.CountAsync()));

        app.Time.Advance(TimeSpan.FromMinutes(61));
        await Apply(app, "Company 4", "REG-4");
    }
}
