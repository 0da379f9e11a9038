using Khyber.Domain.Sms;
using Khyber.Domain.Trucks;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>
/// A carrier gives the driver's mobile number and language on its form and sees the tracking code and the texts;
/// a wrong number is refused beside the form; the tracking page opens without login and runs no script.
/// </summary>
public sealed class DriverPhoneTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_carrier_registers_a_truck_with_its_drivers_pashto_number_and_opens_its_tracking_page()
    {
        var carrier = await app.LogInAsync("carrier.demo");
        await CarrierPortal.FillRegistrationAsync(carrier, "PSH-4411", "general");
        var form = carrier.Locator("#register-form");
        await form.GetByLabel("Driver's mobile number (optional)").FillAsync("+93 70 123 4567");
        await form.GetByLabel("Language of the driver's texts").SelectOptionAsync("ps");
        await CarrierPortal.RegisterButton(carrier).SendAsync();
        Assert.StartsWith("Truck registered.", await carrier.DoneMessageAsync());

        var truck = carrier.Locator("li.truck[data-plate='PSH4411']");
        Assert.Equal("+93701234567", (await truck.Locator(".driver-phone").InnerTextAsync()).Trim());
        var code = (await truck.Locator(".tracking-code").InnerTextAsync()).Trim();
        Assert.Matches("^[2-9A-HJKMNP-TV-Z]{8}$", code);
        Assert.Equal("registered", await truck.Locator(".sms").First.GetAttributeAsync("data-kind"));
        var stored = await app.Db(db => db.Trucks.SingleAsync(t => t.Plate == "PSH4411"));
        Assert.Equal("+93701234567", stored.DriverPhone);
        Assert.Equal(DriverLanguage.Ps, stored.DriverLanguage);
        var text = await app.Db(db => db.SmsMessages.SingleAsync(m => m.TruckId == stored.Id));
        Assert.Equal(DriverMessageKind.Registered, text.Kind);
        Assert.Contains(code, text.Text, StringComparison.Ordinal);

        // The code's page, opened by someone with no account: the truck's state, nothing personal, no script.
        var anyone = await app.OpenAsync((360, 640));
        var scripts = 0;
        anyone.Request += (_, r) => scripts += r.ResourceType == "script" ? 1 : 0;
        await anyone.GotoAsync($"/t/{code}");
        Assert.Equal("registered", await anyone.Locator("#status").GetAttributeAsync("data-status"));
        var page = await anyone.ContentAsync();
        Assert.DoesNotContain("701234567", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Gul Zaman", page, StringComparison.Ordinal);
        Assert.Equal(0, scripts);
        Assert.Equal(0, await anyone.Locator("script").CountAsync());
    }

    [Fact]
    public async Task A_landline_is_refused_beside_the_form_naming_the_phone_and_nothing_is_registered()
    {
        var carrier = await app.LogInAsync("carrier2.demo");
        await CarrierPortal.FillRegistrationAsync(carrier, "PSH-4412", "general");
        var form = carrier.Locator("#register-form");
        await form.GetByLabel("Driver's mobile number (optional)").FillAsync("+92 42 35761234");
        await CarrierPortal.RegisterButton(carrier).SendAsync();
        var refusal = await form.RefusalInAsync();
        Assert.Contains("driver.phone", refusal);
        Assert.Contains("Not a mobile number", refusal);
        // What was typed is kept, and nothing was stored.
        Assert.Equal("+92 42 35761234", await form.GetByLabel("Driver's mobile number (optional)").InputValueAsync());
        Assert.False(await app.Db(db => db.Trucks.AnyAsync(t => t.Plate == "PSH4412")));
    }
}
