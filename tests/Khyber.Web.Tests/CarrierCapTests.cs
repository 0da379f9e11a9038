using System.Net;
using System.Net.Http.Json;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>Crossings and users, with a cap of two trucks holding a place per carrier at a crossing.</summary>
public sealed class CarrierCapApp : BrowserApp
{
    public const int Cap = 2;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Queue:MaxWaitingPerCarrier"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A carrier at its cap is refused on the portal's form, beside it, with how many it holds and the limit.</summary>
public sealed class CarrierCapTests(CarrierCapApp app) : IClassFixture<CarrierCapApp>
{
    [Fact]
    public async Task A_registration_over_the_carriers_cap_is_refused_beside_the_form_with_the_count_and_the_limit()
    {
        var api = await app.ApiAsAsync("carrier.demo");
        var carrier = await app.LogInAsync("carrier.demo");
        await CarrierPortal.FillRegistrationAsync(carrier, "CAP-1001");
        await CarrierPortal.RegisterButton(carrier).SendAsync();
        Assert.StartsWith("Truck registered.", await carrier.DoneMessageAsync());
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/trucks", ApiClient.Truck("CAP-1002", direction: "AF-PK"))).StatusCode);

        // The third at Torkham: refused beside the form, in words and numbers; what was typed is kept.
        await CarrierPortal.FillRegistrationAsync(carrier, "CAP-1003");
        var response = await CarrierPortal.RegisterButton(carrier).SendAsync();
        Assert.Equal(409, response.Status);
        var form = carrier.Locator("#register-form");
        var refusal = await form.RefusalInAsync();
        Assert.True(refusal is not null, $"the registration over the cap was not refused beside the form (the page said: {await carrier.DoneMessageAsync() ?? "nothing"})");
        Assert.Contains("Your company has reached its limit of trucks waiting at this crossing.", refusal, StringComparison.Ordinal);
        Assert.Contains("Your company has 2 trucks registered, waiting or called at this crossing; the limit is 2.", refusal, StringComparison.Ordinal);
        Assert.Null(await carrier.DoneMessageAsync());
        Assert.Equal("CAP-1003", await form.GetByLabel("Plate").InputValueAsync());

        // Chaman is another crossing: the same company may still register there.
        await CarrierPortal.FillRegistrationAsync(carrier, "CAP-1003", crossing: "chaman");
        await CarrierPortal.RegisterButton(carrier).SendAsync();
        Assert.StartsWith("Truck registered.", await carrier.DoneMessageAsync());

        var stored = await app.Db(db => db.Trucks.Where(t => t.Plate.StartsWith("CAP")).Select(t => t.Plate + "@" + t.CrossingId).ToListAsync());
        Assert.Equal(new[] { "CAP1001@torkham", "CAP1002@torkham", "CAP1003@chaman" }, stored.Order().ToArray());
        await carrier.Context.CloseAsync();
    }

    [Fact]
    public async Task The_refusal_is_written_in_the_carriers_language()
    {
        var api = await app.ApiAsAsync("carrier2.demo");
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/trucks", ApiClient.Truck("CAP-2001", crossing: "chaman"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/v1/trucks", ApiClient.Truck("CAP-2002", crossing: "chaman"))).StatusCode);
        var carrier = await app.LogInAsync("carrier2.demo");
        await CarrierPortal.FillRegistrationAsync(carrier, "CAP-2003", crossing: "chaman");
        // The form as filled in English, sent from the Pashto page: the same fields, the answer in Pashto.
        await carrier.Locator("#register-form").EvaluateAsync("f => f.action = f.action + (f.action.includes('?') ? '&' : '?') + 'culture=ps'");
        var response = await CarrierPortal.RegisterButton(carrier).SendAsync();
        Assert.Equal(409, response.Status);
        var refusal = await carrier.Locator("#register-form").RefusalInAsync();
        Assert.NotNull(refusal);
        Assert.Contains("ستاسو شرکت په دې تېرځای کې د انتظار کوونکو لاریو حد ته رسېدلی دی.", refusal, StringComparison.Ordinal);
        Assert.Contains("حد", refusal, StringComparison.Ordinal);
        await carrier.Context.CloseAsync();
    }
}
