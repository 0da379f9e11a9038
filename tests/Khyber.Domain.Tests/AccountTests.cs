using Khyber.Domain.Access;
using Khyber.Domain.Accounts;

namespace Khyber.Domain.Tests;

/// <summary>The account and company rules, and who may manage which account, without a web host or a database.</summary>
public sealed class AccountTests
{
    private static AccountTerms? Validate(string role, string? side, string? crossing, string? carrier, FieldErrors errors, string username = "pk.officer.new") =>
        AccountRules.Validate(new AccountDraft(username, "  Shah Wali  ", role, side, crossing, carrier), errors);

    [Theory]
    [InlineData("officer", "PK", "torkham", null)]
    [InlineData("liaison", "af", null, null)]
    [InlineData("carrier", null, null, "spin-ghar")]
    [InlineData("admin", null, null, null)]
    [InlineData("admin", "AF", null, null)]
    public void Each_role_takes_exactly_the_scope_it_needs(string role, string? side, string? crossing, string? carrier)
    {
        var errors = new FieldErrors();
        var terms = Validate(role, side, crossing, carrier, errors);
        Assert.False(errors.Any, string.Join("; ", errors.All));
        Assert.Equal("Shah Wali", terms!.DisplayName);
        Assert.Equal(side is null ? null : Enum.Parse<Side>(side, ignoreCase: true), terms.Side);
        Assert.Equal((crossing, carrier), (terms.CrossingId, terms.CarrierId));
    }

    [Theory]
    [InlineData("officer", null, "torkham", null, "side")]
    [InlineData("officer", "PK", null, null, "crossingId")]
    [InlineData("officer", "PK", "torkham", "spin-ghar", "carrierId")]
    [InlineData("liaison", "PK", "torkham", null, "crossingId")]
    [InlineData("liaison", null, null, null, "side")]
    [InlineData("carrier", null, null, null, "carrierId")]
    [InlineData("carrier", "PK", null, "spin-ghar", "side")]
    [InlineData("carrier", null, "torkham", "spin-ghar", "crossingId")]
    [InlineData("admin", null, "torkham", null, "crossingId")]
    [InlineData("admin", "IN", null, null, "side")]
    [InlineData("supervisor", "PK", null, null, "role")]
    [InlineData("Admin,Carrier", null, null, null, "role")]
    [InlineData("3", null, null, null, "role")]
    public void A_scope_missing_or_out_of_place_is_named(string role, string? side, string? crossing, string? carrier, string field)
    {
        var errors = new FieldErrors();
        Assert.Null(Validate(role, side, crossing, carrier, errors));
        Assert.Contains(errors.All, e => e.Field == field);
    }

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("pk.officer.torkham", true)]
    [InlineData("a_b-c.d", true)]
    [InlineData(".hidden", false)]
    [InlineData("two words", false)]
    [InlineData("name@example.com", false)]
    [InlineData("گل.زمان", false)]
    public void Usernames_are_latin_letters_digits_dots_dashes_and_underscores(string username, bool valid) =>
        Assert.Equal(valid, AccountRules.IsUsername(username));

    [Fact]
    public void A_company_is_checked_field_by_field_and_its_phone_kept_in_international_form()
    {
        var errors = new FieldErrors();
        var terms = CarrierRules.Validate(new CompanyDraft(" Khyber Freight Lines ", "PK", "SECP-0091234", "Gul Zaman", "+92 (300) 911-2233", "dispatch@khyber-freight.example"), errors);
        Assert.False(errors.Any, string.Join("; ", errors.All));
        Assert.Equal(("Khyber Freight Lines", "+923009112233"), (terms!.Name, terms.ContactPhone));

        errors = new FieldErrors();
        Assert.Null(CarrierRules.Validate(new CompanyDraft("", "XX", " ", null, "0300 9112233", "not an address"), errors));
        Assert.Equal(["name", "country", "registrationNumber", "contact.name", "contact.phone", "contact.email"], errors.All.Select(e => e.Field));
    }

    [Theory]
    [InlineData("Khyber Freight Lines", "khyber-freight-lines")]
    [InlineData("  Peshawar Goods Transport Co.  ", "peshawar-goods-transport-co")]
    [InlineData("Spin Ghar — ترانسپورټ 2", "spin-ghar-2")]
    [InlineData("د سپین غر ترانسپورټ", "carrier")]
    [InlineData("A very long company name that goes on and on beyond forty letters", "a-very-long-company-name-that-goes-on-an")]
    public void A_companys_id_is_made_from_its_latin_letters_and_digits(string name, string id) =>
        Assert.Equal(id, CarrierRules.IdOf(name));

    private static Actor Admin(Side? side) => new("someone", Role.Admin, side, null, null);

    [Fact]
    public void The_system_administrator_manages_every_account()
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var side in new Side?[] { null, Side.PK, Side.AF })
            {
                Assert.True(Permissions.MayManageAccount(Admin(null), role, side), $"{role} {side}");
            }
        }
    }

    [Theory]
    [InlineData(Role.Officer, Side.PK, true)]
    [InlineData(Role.Liaison, Side.PK, true)]
    [InlineData(Role.Admin, Side.PK, true)]
    [InlineData(Role.Carrier, null, true)]
    [InlineData(Role.Officer, Side.AF, false)]
    [InlineData(Role.Liaison, Side.AF, false)]
    [InlineData(Role.Admin, Side.AF, false)]
    [InlineData(Role.Admin, null, false)]
    public void A_side_administrator_manages_its_own_sides_officials_and_carriers_only(Role role, Side? side, bool may)
    {
        Assert.Equal(may, Permissions.MayManageAccount(Admin(Side.PK), role, side));
        // The mirror image for the other side.
        Assert.Equal(may, Permissions.MayManageAccount(Admin(Side.AF), role, side is { } s ? s.Other() : null));
    }

    [Fact]
    public void Only_administrators_manage_accounts_and_companies()
    {
        var others = new[] { new Actor("l", Role.Liaison, Side.PK, null, null), new Actor("o", Role.Officer, Side.PK, "torkham", null), new Actor("c", Role.Carrier, null, null, "spin-ghar") };
        Assert.All(others, a => Assert.False(Permissions.MayManageAccount(a, Role.Carrier, null) || Permissions.MayManageCarriers(a) || Permissions.MayAdminister(a)));
        Assert.True(Permissions.MayManageCarriers(Admin(Side.AF)));
    }
}
