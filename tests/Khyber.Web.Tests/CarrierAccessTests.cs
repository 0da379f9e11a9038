using Khyber.Domain.Accounts;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// Carrier companies through the pages: an administrator registers one (<c>/admin/carriers</c>); a company applies
/// without an account (<c>/apply</c>) and an administrator approves or rejects it (<c>/admin/applications</c>); every
/// user changes their own password (<c>/account/password</c>). Each form checked for what the page shows and what is
/// stored, and for a refusal shown beside it.
/// </summary>
public sealed class CarrierAccessTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task FillCompanyAsync(ILocator form, string name, string country, string registration, string phone = "+92 91 5550101")
    {
        await form.GetByLabel("Company name").FillAsync(name);
        await form.GetByLabel("Country of registration").FillAsync(country);
        await form.GetByLabel("Registration number").FillAsync(registration);
        await form.GetByLabel("Contact person").FillAsync("Bibi Amina Yousafzai");
        await form.GetByLabel("Contact's telephone").FillAsync(phone);
        await form.GetByLabel("Contact's e-mail").FillAsync("dispatch@frontier-reefer.example");
    }

    [Fact]
    public async Task An_administrator_registers_a_company_after_a_bad_country_code_is_refused_beside_the_form()
    {
        var admin = await app.LogInAsync("af.admin");
        await admin.GotoAsync("/admin/carriers");
        var form = admin.Locator("#create-company-form");
        await FillCompanyAsync(form, "Frontier Reefer Lines", "XX", "SECP-0044001");
        var refused = await form.GetByRole(AriaRole.Button, new() { Name = "Register company" }).SendAsync();
        Assert.Equal(422, refused.Status);
        Assert.Contains("country: An ISO 3166 alpha-2 country code", await form.RefusalInAsync());
        Assert.Equal("Frontier Reefer Lines", await form.GetByLabel("Company name").InputValueAsync());
        Assert.Equal("XX", await form.GetByLabel("Country of registration").InputValueAsync());
        Assert.False(await app.Db(db => db.Carriers.AnyAsync(c => c.Name == "Frontier Reefer Lines")));

        await form.GetByLabel("Country of registration").FillAsync("pk");
        await form.GetByRole(AriaRole.Button, new() { Name = "Register company" }).SendAsync();
        Assert.Equal("Company registered.", await admin.DoneMessageAsync());
        var listed = admin.Locator("li[data-carrier='frontier-reefer-lines']");
        Assert.Contains("Frontier Reefer Lines", await listed.InnerTextAsync());
        Assert.Contains("+92915550101", await listed.InnerTextAsync());
        var stored = await app.Db(db => db.Carriers.AsNoTracking().SingleAsync(c => c.Id == "frontier-reefer-lines"));
        Assert.Equal(("PK", "SECP-0044001", "+92915550101"), (stored.Country, stored.RegistrationNumber, stored.ContactPhone));
        Assert.False(await BrowserApp.OverflowsAsync(admin));
        await BrowserApp.ScreenshotAsync(admin, "admin-carriers-en-desktop");

        // Its link opens the account form for the company.
        await listed.GetByRole(AriaRole.Link, new() { Name = "Open an account for this company" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/users?role=carrier&carrier=frontier-reefer-lines*");
        Assert.Equal("frontier-reefer-lines", await admin.Locator("#user-carrier").InputValueAsync());
        Assert.Equal("carrier", await admin.Locator("#user-role").InputValueAsync());
    }

    [Fact]
    public async Task A_company_applies_without_an_account_and_an_administrator_approves_it_with_a_one_time_password()
    {
        var company = await app.OpenAsync(BrowserApp.Phone);
        await company.GotoAsync("/account/login");
        await company.GetByRole(AriaRole.Link, new() { Name = "Apply for access" }).ClickAsync();
        await company.WaitForURLAsync("**/apply");
        var form = company.Locator("#apply-form");
        await FillCompanyAsync(form, "Nangarhar Fresh Fruit", "AF", "ACBR-5550001", "+93 70 055 0001");
        await form.GetByLabel("Username you would like").FillAsync("nangarhar.fruit");
        await form.GetByLabel("Anything the administrators should know").FillAsync("Grapes and pomegranates to Peshawar, 15 trucks a week.");
        Assert.False(await BrowserApp.OverflowsAsync(company));
        await form.GetByRole(AriaRole.Button, new() { Name = "Send application" }).SendAsync();
        Assert.Equal("Thank you: your application was received. An administrator will contact you.", await company.DoneMessageAsync());
        var application = await app.Db(db => db.CarrierApplications.AsNoTracking().SingleAsync(a => a.Username == "nangarhar.fruit"));
        Assert.Equal((ApplicationStatus.Pending, "+93700550001"), (application.Status, application.ContactPhone));

        var admin = await app.LogInAsync("pk.admin");
        await admin.GotoAsync("/admin");
        Assert.NotEqual("0", (await admin.Locator("#pending-applications").InnerTextAsync()).Trim());
        await admin.GotoAsync("/admin/applications");
        var card = admin.Locator($"article[data-application='{application.Id}']");
        Assert.Contains("Grapes and pomegranates to Peshawar", await card.InnerTextAsync());
        Assert.Equal("nangarhar.fruit", await card.GetByLabel("Username of the company's account").InputValueAsync());
        await BrowserApp.ScreenshotAsync(admin, "admin-applications-en-desktop");
        await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).SendAsync();

        Assert.Contains("Application approved", await admin.Locator("#one-time").InnerTextAsync());
        var oneTime = (await admin.Locator("#one-time code.password").InnerTextAsync()).Trim();
        Assert.Contains("Approved", await admin.Locator($"#decided li[data-application='{application.Id}']").InnerTextAsync());
        var carrier = await app.Db(db => db.Carriers.AsNoTracking().SingleAsync(c => c.ApplicationId == application.Id));
        Assert.Equal("nangarhar-fresh-fruit", carrier.Id);
        var user = await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "nangarhar.fruit"));
        Assert.Equal((carrier.Id, true), (user.CarrierId, user.PasswordChangeRequired));

        // The company signs in with it, chooses its own password, and lands on its portal.
        await company.GotoAsync("/account/login");
        await company.GetByLabel("Username").FillAsync("nangarhar.fruit");
        await company.GetByLabel("Password").FillAsync(oneTime);
        await company.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).SendAsync();
        var change = company.Locator("#password-form");
        await change.GetByLabel("Password you were given").FillAsync(oneTime);
        await change.GetByLabel("New password", new() { Exact = true }).FillAsync("Pomegranate-Road-7");
        await change.GetByLabel("New password, once more").FillAsync("Pomegranate-Road-7");
        await change.GetByRole(AriaRole.Button, new() { Name = "Change password" }).SendAsync();
        Assert.Equal(app.BaseUrl + "/carrier", company.Url);
    }

    [Fact]
    public async Task An_approval_under_a_taken_username_is_refused_beside_the_application_and_approved_under_another()
    {
        var sent = await app.Client().PostAsync("/api/v1/carrier-applications", System.Net.Http.Json.JsonContent.Create(new
        {
            name = "Kunar Timber Haulage",
            country = "AF",
            registrationNumber = "ACBR-5550003",
            contact = new { name = "Sardar Wali", phone = "+93 70 055 0003", email = "office@kunar-timber.example" },
            username = "carrier.demo",
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        var id = await app.Db(db => db.CarrierApplications.Where(a => a.RegistrationNumber == "ACBR-5550003").Select(a => a.Id).SingleAsync());

        var admin = await app.LogInAsync("af.admin");
        await admin.GotoAsync("/admin/applications");
        ILocator Card() => admin.Locator($"article[data-application='{id}']");
        await Card().GetByLabel("Name of the account").FillAsync("Kunar Timber dispatch");
        var refused = await Card().GetByRole(AriaRole.Button, new() { Name = "Approve" }).SendAsync();
        Assert.Equal(422, refused.Status);
        Assert.Contains("username: 'carrier.demo' is taken", await Card().RefusalInAsync());
        Assert.Equal("Kunar Timber dispatch", await Card().GetByLabel("Name of the account").InputValueAsync());
        Assert.Equal(ApplicationStatus.Pending, await app.Db(db => db.CarrierApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));
        Assert.False(await app.Db(db => db.Carriers.AnyAsync(c => c.ApplicationId == id)));

        await Card().GetByLabel("Username of the company's account").FillAsync("kunar.timber");
        await Card().GetByRole(AriaRole.Button, new() { Name = "Approve" }).SendAsync();
        Assert.Contains("One-time password for kunar.timber", await admin.Locator("#one-time").InnerTextAsync());
        var user = await app.Db(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "kunar.timber"));
        Assert.Equal(("kunar-timber-haulage", "Kunar Timber dispatch"), (user.CarrierId, user.DisplayName));
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_is_recorded_with_it()
    {
        var api = app.Client();
        var sent = await api.PostAsync("/api/v1/carrier-applications", System.Net.Http.Json.JsonContent.Create(new
        {
            name = "Shadow Haulage",
            country = "PK",
            registrationNumber = "SECP-0000000",
            contact = new { name = "Unknown", phone = "+92 300 0000000", email = "x@shadow.example" },
            username = "shadow.haulage",
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, sent.StatusCode);
        var id = await app.Db(db => db.CarrierApplications.Where(a => a.Username == "shadow.haulage").Select(a => a.Id).SingleAsync());

        var admin = await app.LogInAsync("admin");
        await admin.GotoAsync("/admin/applications");
        var card = admin.Locator($"article[data-application='{id}']");
        var reason = card.GetByLabel("Reason for rejecting");
        await reason.DropAttributeAsync("required");
        var refused = await card.GetByRole(AriaRole.Button, new() { Name = "Reject" }).SendAsync();
        Assert.Equal(422, refused.Status);
        Assert.Contains("reason: Required.", await admin.Locator($"article[data-application='{id}']").RefusalInAsync());
        Assert.Equal(ApplicationStatus.Pending, await app.Db(db => db.CarrierApplications.Where(a => a.Id == id).Select(a => a.Status).SingleAsync()));

        await admin.Locator($"article[data-application='{id}']").GetByLabel("Reason for rejecting").FillAsync("No such company in the SECP register.");
        await admin.Locator($"article[data-application='{id}']").GetByRole(AriaRole.Button, new() { Name = "Reject" }).SendAsync();
        Assert.Equal("Application rejected.", await admin.DoneMessageAsync());
        var decided = admin.Locator($"#decided li[data-application='{id}']");
        Assert.Contains("No such company in the SECP register.", await decided.InnerTextAsync());
        var stored = await app.Db(db => db.CarrierApplications.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal((ApplicationStatus.Rejected, "admin", "No such company in the SECP register."), (stored.Status, stored.DecidedBy, stored.RejectionReason));
        Assert.False(await app.Db(db => db.Users.AnyAsync(u => u.UserName == "shadow.haulage")));
    }

    [Fact]
    public async Task The_public_application_refuses_a_phone_without_its_country_code_beside_the_form_and_keeps_what_was_typed()
    {
        var company = await app.OpenAsync();
        await company.GotoAsync("/apply");
        var form = company.Locator("#apply-form");
        await FillCompanyAsync(form, "Khost Cargo", "AF", "ACBR-5550002", "070 055 0002");
        await form.GetByLabel("Username you would like").FillAsync("khost.cargo");
        var refused = await form.GetByRole(AriaRole.Button, new() { Name = "Send application" }).SendAsync();
        Assert.Equal(422, refused.Status);
        Assert.Contains("contact.phone: An international number", await form.RefusalInAsync());
        Assert.Equal("070 055 0002", await form.GetByLabel("Contact's telephone").InputValueAsync());
        Assert.Equal("khost.cargo", await form.GetByLabel("Username you would like").InputValueAsync());
        Assert.False(await app.Db(db => db.CarrierApplications.AnyAsync(a => a.Username == "khost.cargo")));
    }

    [Fact]
    public async Task A_user_changes_their_own_password_after_a_weak_one_is_refused_beside_the_form()
    {
        var liaison = await app.LogInAsync("af.officer.angoor-adda");
        await liaison.GetByRole(AriaRole.Link, new() { Name = "Change password" }).First.ClickAsync();
        await liaison.WaitForURLAsync("**/account/password");
        var form = liaison.Locator("#password-form");
        Assert.Contains("af.officer.angoor-adda", await form.InnerTextAsync());
        await form.GetByLabel("Current password").FillAsync(app.Password);
        await form.GetByLabel("New password", new() { Exact = true }).DropAttributeAsync("minlength");
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync("angoor");
        await form.GetByLabel("New password, once more").FillAsync("angoor");
        var refused = await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).SendAsync();
        Assert.Equal(422, refused.Status);
        Assert.Contains("newPassword: Passwords must be at least 8 characters.", await form.RefusalInAsync());
        var before = await app.Db(db => db.Users.Where(u => u.UserName == "af.officer.angoor-adda").Select(u => u.PasswordHash).SingleAsync());

        await form.GetByLabel("Current password").FillAsync(app.Password);
        await form.GetByLabel("New password", new() { Exact = true }).FillAsync("Angoor-Adda-2027");
        await form.GetByLabel("New password, once more").FillAsync("Angoor-Adda-2027");
        await form.GetByRole(AriaRole.Button, new() { Name = "Change password" }).SendAsync();
        Assert.Equal(app.BaseUrl + "/officer", liaison.Url);
        Assert.Equal("Password changed.", await liaison.DoneMessageAsync());
        Assert.NotEqual(before, await app.Db(db => db.Users.Where(u => u.UserName == "af.officer.angoor-adda").Select(u => u.PasswordHash).SingleAsync()));
        // Still signed in, with a session of the new password.
        await liaison.ReloadAsync();
        Assert.Equal(app.BaseUrl + "/officer", liaison.Url);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.Client().RequestTokenAsync("af.officer.angoor-adda", "Angoor-Adda-2027")).StatusCode);
    }
}
