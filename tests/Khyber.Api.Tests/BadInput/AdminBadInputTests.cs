using System.Net;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using static Khyber.Api.Tests.BadInput.BadFields;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// Every field of the administration's requests sent wrong — an account, a company, an application and its decision, a
/// password change: a problem naming the field, and nothing written (no account, company, application, decision or
/// failed sign-in).
/// </summary>
public sealed class AdminBadInputTests(BadInputApp fixture) : IClassFixture<BadInputApp>
{
    private static readonly BadFields User = new()
    {
        { "username missing", b => b.Remove("username"), Invalid, "username" },
        { "username blank", b => b["username"] = "  ", Invalid, "username" },
        { "username with a space", b => b["username"] = "shah wali", Invalid, "username" },
        { "username too short", b => b["username"] = "ab", Invalid, "username" },
        { "username too long", b => b["username"] = "a" + Long(64), Invalid, "username" },
        { "username starting with a dot", b => b["username"] = ".officer", Invalid, "username" },
        { "username in Arabic script", b => b["username"] = "شاه.ولي", Invalid, "username" },
        { "username taken", b => b["username"] = "pk.officer.torkham", Invalid, "username" },
        { "username taken in other case", b => b["username"] = "PK.Officer.Torkham", Invalid, "username" },
        { "username a number", b => b["username"] = 7, Malformed, "username" },
        { "displayName missing", b => b.Remove("displayName"), Invalid, "displayName" },
        { "displayName blank", b => b["displayName"] = " \t ", Invalid, "displayName" },
        { "displayName too long", b => b["displayName"] = Long(201), Invalid, "displayName" },
        { "displayName with control characters", b => b["displayName"] = "Shah\u0007Wali", Invalid, "displayName" },
        { "role missing", b => b.Remove("role"), Invalid, "role" },
        { "role unknown", b => b["role"] = "supervisor", Invalid, "role" },
        { "role an enum number as text", b => b["role"] = "3", Invalid, "role" },
        { "role a number", b => b["role"] = 3, Malformed, "role" },
        { "officer without a side", b => b.Remove("side"), Invalid, "side" },
        { "officer side unknown", b => b["side"] = "IN", Invalid, "side" },
        { "officer without a crossing", b => b.Remove("crossingId"), Invalid, "crossingId" },
        { "officer crossing unknown", b => b["crossingId"] = "wagah", Invalid, "crossingId" },
        { "officer with a company", b => b["carrierId"] = "khyber-freight", Invalid, "carrierId" },
        { "liaison with a crossing", b => b["role"] = "liaison", Invalid, "crossingId" },
        { "liaison without a side", b => { b["role"] = "liaison"; b.Remove("crossingId"); b.Remove("side"); }, Invalid, "side" },
        { "carrier without a company", b => { b["role"] = "carrier"; b.Remove("side"); b.Remove("crossingId"); }, Invalid, "carrierId" },
        { "carrier company unknown", b => { b["role"] = "carrier"; b.Remove("side"); b.Remove("crossingId"); b["carrierId"] = "no-such-company"; }, Invalid, "carrierId" },
        { "carrier with a side", b => { b["role"] = "carrier"; b.Remove("crossingId"); b["carrierId"] = "khyber-freight"; }, Invalid, "side" },
        { "administrator with a crossing", b => { b["role"] = "admin"; b.Remove("side"); }, Invalid, "crossingId" },
        { "administrator side unknown", b => { b["role"] = "admin"; b.Remove("crossingId"); b["side"] = "pakistan"; }, Invalid, "side" },
        { "password sent", b => b["password"] = "Chosen-by-admin-1", Malformed, "password" },
        { "unknown field", b => b["email"] = "x@example.com", Malformed, "email" },
    };

    private static readonly BadFields Company = new()
    {
        { "name missing", b => b.Remove("name"), Invalid, "name" },
        { "name blank", b => b["name"] = " ", Invalid, "name" },
        { "name too long", b => b["name"] = Long(201), Invalid, "name" },
        { "name with a line break", b => b["name"] = "Torkham\nReefer", Invalid, "name" },
        { "name a number", b => b["name"] = 12, Malformed, "name" },
        { "country missing", b => b.Remove("country"), Invalid, "country" },
        { "country lower case", b => b["country"] = "pk", Invalid, "country" },
        { "country alpha-3", b => b["country"] = "PAK", Invalid, "country" },
        { "country not a country", b => b["country"] = "XX", Invalid, "country" },
        { "country a number", b => b["country"] = 92, Malformed, "country" },
        { "registrationNumber missing", b => b.Remove("registrationNumber"), Invalid, "registrationNumber" },
        { "registrationNumber too long", b => b["registrationNumber"] = Long(65), Invalid, "registrationNumber" },
        { "registrationNumber already registered", b => { b["registrationNumber"] = "secp-0091234"; }, Invalid, "registrationNumber" },
        { "contact missing", b => b.Remove("contact"), Invalid, "contact" },
        { "contact a string", b => b["contact"] = "Bibi Amina, +92 300 5551234", Malformed, "contact" },
        { "contact name missing", b => ((JsonObject)b["contact"]!).Remove("name"), Invalid, "contact.name" },
        { "contact name too long", b => b["contact"]!["name"] = Long(201), Invalid, "contact.name" },
        { "contact phone missing", b => ((JsonObject)b["contact"]!).Remove("phone"), Invalid, "contact.phone" },
        { "contact phone without country code", b => b["contact"]!["phone"] = "0300 5551234", Invalid, "contact.phone" },
        { "contact phone with letters", b => b["contact"]!["phone"] = "+92 300 CALLME", Invalid, "contact.phone" },
        { "contact phone too short", b => b["contact"]!["phone"] = "+92 12", Invalid, "contact.phone" },
        { "contact phone a number", b => b["contact"]!["phone"] = 923005551234, Malformed, "contact.phone" },
        { "contact email missing", b => ((JsonObject)b["contact"]!).Remove("email"), Invalid, "contact.email" },
        { "contact email without @", b => b["contact"]!["email"] = "dispatch.torkham-reefer.example", Invalid, "contact.email" },
        { "contact email with a space", b => b["contact"]!["email"] = "dispatch @torkham-reefer.example", Invalid, "contact.email" },
        { "contact email too long", b => b["contact"]!["email"] = Long(250) + "@x.example", Invalid, "contact.email" },
        { "contact unknown field", b => b["contact"]!["fax"] = "+92 91 5551234", Malformed, "contact.fax" },
        { "unknown field", b => b["id"] = "my-own-id", Malformed, "id" },
    };

    private static readonly BadFields Application = new()
    {
        { "name missing", b => b.Remove("name"), Invalid, "name" },
        { "country not a country", b => b["country"] = "XX", Invalid, "country" },
        { "registrationNumber blank", b => b["registrationNumber"] = "   ", Invalid, "registrationNumber" },
        { "contact missing", b => b.Remove("contact"), Invalid, "contact" },
        { "contact phone without country code", b => b["contact"]!["phone"] = "070 012 3456", Invalid, "contact.phone" },
        { "contact email without a domain", b => b["contact"]!["email"] = "office@", Invalid, "contact.email" },
        { "username missing", b => b.Remove("username"), Invalid, "username" },
        { "username with a space", b => b["username"] = "jalalabad fresh", Invalid, "username" },
        { "username a number", b => b["username"] = 1, Malformed, "username" },
        { "message too long", b => b["message"] = Long(2001), Invalid, "message" },
        { "message with control characters", b => b["message"] = "grapes\u001B[31m", Invalid, "message" },
        { "unknown field", b => b["password"] = "Let-me-in-1", Malformed, "password" },
    };

    private static readonly BadFields Approval = new()
    {
        { "username with a space", b => b["username"] = "jalalabad fresh", Invalid, "username" },
        { "username taken", b => b["username"] = "carrier.demo", Invalid, "username" },
        { "username a number", b => b["username"] = 5, Malformed, "username" },
        { "displayName too long", b => b["displayName"] = Long(201), Invalid, "displayName" },
        { "displayName blank", b => b["displayName"] = "  ", Invalid, "displayName" },
        { "unknown field", b => b["carrierId"] = "jalalabad", Malformed, "carrierId" },
    };

    private static readonly BadFields Rejection = new()
    {
        { "reason missing", b => b.Remove("reason"), Invalid, "reason" },
        { "reason blank", b => b["reason"] = " \n ", Invalid, "reason" },
        { "reason too long", b => b["reason"] = Long(1001), Invalid, "reason" },
        { "reason a number", b => b["reason"] = 404, Malformed, "reason" },
        { "unknown field", b => b["notify"] = true, Malformed, "notify" },
    };

    private static readonly BadFields Password = new()
    {
        { "newPassword missing", b => b.Remove("newPassword"), Invalid, "newPassword" },
        { "newPassword too short", b => b["newPassword"] = "Ab-1", Invalid, "newPassword" },
        { "newPassword without a digit", b => b["newPassword"] = "Torkham-Gate", Invalid, "newPassword" },
        { "newPassword without an upper-case letter", b => b["newPassword"] = "torkham-2027", Invalid, "newPassword" },
        { "newPassword without a lower-case letter", b => b["newPassword"] = "TORKHAM-2027", Invalid, "newPassword" },
        { "newPassword without a symbol", b => b["newPassword"] = "Torkham2027", Invalid, "newPassword" },
        { "newPassword too long", b => b["newPassword"] = "Aa-1" + Long(253), Invalid, "newPassword" },
        { "newPassword the current one", b => b["newPassword"] = TestDatabase.Password, Invalid, "newPassword" },
        { "newPassword a number", b => b["newPassword"] = 12345678, Malformed, "newPassword" },
        { "currentPassword missing", b => b.Remove("currentPassword"), Invalid, "currentPassword" },
        { "currentPassword empty", b => b["currentPassword"] = "", Invalid, "currentPassword" },
        { "username missing without a session", b => b.Remove("username"), Invalid, "username" },
        { "username blank", b => b["username"] = " ", Invalid, "username" },
        { "unknown field", b => b["confirmPassword"] = "Torkham-2027", Malformed, "confirmPassword" },
    };

    public static TheoryData<string> UserNames => User.Names();

    public static TheoryData<string> CompanyNames => Company.Names();

    public static TheoryData<string> ApplicationNames => Application.Names();

    public static TheoryData<string> ApprovalNames => Approval.Names();

    public static TheoryData<string> RejectionNames => Rejection.Names();

    public static TheoryData<string> PasswordNames => Password.Names();

    private async Task Refused(BadFields cases, string @case, JsonObject body, Func<JsonObject, Task<HttpResponseMessage>> send)
    {
        var (change, status, field) = cases[@case];
        change(body);
        var before = await Stored.Of(fixture.App);
        ProblemText.TellsNoInternals(await (await send(body)).Problem(status, field));
        Assert.Equal(before, await Stored.Of(fixture.App));
    }

    [Theory]
    [MemberData(nameof(UserNames))]
    public async Task An_account_with_one_bad_field_is_refused_naming_the_field_and_opens_nothing(string @case)
    {
        var admin = await fixture.App.As("admin");
        await Refused(User, @case, new UserBuilder().Build(), body => admin.Post("/api/v1/admin/users", body));
    }

    [Theory]
    [MemberData(nameof(CompanyNames))]
    public async Task A_company_with_one_bad_field_is_refused_naming_the_field_and_registers_nothing(string @case)
    {
        var admin = await fixture.App.As("pk.admin");
        await Refused(Company, @case, CompanyBuilder.Company(), body => admin.Post("/api/v1/admin/carriers", body));
    }

    [Theory]
    [MemberData(nameof(ApplicationNames))]
    public async Task An_application_with_one_bad_field_is_refused_naming_the_field_and_records_nothing(string @case) =>
        await Refused(Application, @case, CompanyBuilder.Application(), body => fixture.App.Anonymous().Post("/api/v1/carrier-applications", body));

    [Theory]
    [MemberData(nameof(ApprovalNames))]
    public async Task An_approval_with_one_bad_field_is_refused_naming_the_field_and_the_application_stays_pending(string @case)
    {
        var application = await fixture.Subject(async app =>
            (await (await app.Anonymous().Post("/api/v1/carrier-applications", CompanyBuilder.Application())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        var admin = await fixture.App.As("admin");
        await Refused(Approval, @case, new JsonObject { ["username"] = "jalalabad.fresh", ["displayName"] = "Jalalabad Fresh Fruit" },
            body => admin.Post($"/api/v1/admin/carrier-applications/{application}/approval", body));
    }

    [Theory]
    [MemberData(nameof(RejectionNames))]
    public async Task A_rejection_with_one_bad_field_is_refused_naming_the_field_and_the_application_stays_pending(string @case)
    {
        var application = await fixture.Subject(async app =>
            (await (await app.Anonymous().Post("/api/v1/carrier-applications", CompanyBuilder.Application())).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid());
        var admin = await fixture.App.As("af.admin");
        await Refused(Rejection, @case, new JsonObject { ["reason"] = "Not registered." },
            body => admin.Post($"/api/v1/admin/carrier-applications/{application}/rejection", body));
    }

    [Theory]
    [MemberData(nameof(PasswordNames))]
    public async Task A_password_change_with_one_bad_field_is_refused_naming_the_field_before_any_password_is_checked(string @case) =>
        await Refused(Password, @case, new JsonObject { ["username"] = "pk.officer.chaman", ["currentPassword"] = TestDatabase.Password, ["newPassword"] = "Torkham-2027" },
            body => fixture.App.Anonymous().Post("/api/v1/auth/password", body));
}
