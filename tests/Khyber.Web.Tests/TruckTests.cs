using Khyber.Web.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>A carrier registers a truck and sees its place in the queue; the gate officer calls it and the carrier sees that live.</summary>
public sealed class TruckTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task RegisterAsync(IPage carrier, string plate, string category)
    {
        var form = carrier.Locator("#register-form");
        await form.GetByLabel("Crossing").SelectOptionAsync("torkham");
        await form.GetByLabel("Direction").SelectOptionAsync("PK-AF");
        await form.GetByLabel("Plate").FillAsync(plate);
        await form.GetByLabel("Registered in").SelectOptionAsync("PK");
        await form.GetByLabel("Driver's name").FillAsync("Gul Zaman");
        await form.GetByLabel("Driver's travel document number").FillAsync("PK7781234");
        await form.GetByLabel("Cargo", new() { Exact = true }).FillAsync("Kinnow mandarins");
        await form.GetByLabel("HS code").FillAsync("080521");
        await form.GetByLabel("Cargo category").SelectOptionAsync(category);
        await form.GetByLabel("Value (USD)").FillAsync("14500");
        await form.GetByLabel("Weight (kg)").FillAsync("18000");
        await form.GetByLabel("Shelf life in hours (perishables)").FillAsync("96");
        await form.GetByRole(AriaRole.Button, new() { Name = "Register truck" }).ClickAsync();
        await carrier.Locator("p.done").GetByText("Truck registered.", new() { Exact = false }).WaitForAsync();
    }

    [Fact]
    public async Task A_carrier_registers_a_truck_sees_its_position_and_sees_it_called_when_the_officer_calls_it()
    {
        var carrier = await app.LogInAsync("carrier.demo");
        await RegisterAsync(carrier, "QTA-2291", "perishable");
        var truck = carrier.Locator("li.truck[data-plate='QTA2291']");
        Assert.Equal("registered", await truck.GetAttributeAsync("data-status"));

        await truck.GetByRole(AriaRole.Button, new() { Name = "Check in at the waiting area" }).ClickAsync();
        await carrier.Locator("p.done").GetByText("Checked in: the truck is in the queue.").WaitForAsync();
        truck = carrier.Locator("li.truck[data-plate='QTA2291']");
        Assert.Equal("waiting", await truck.GetAttributeAsync("data-status"));
        Assert.Equal("Position in the queue: 1", (await truck.Locator(".position").InnerTextAsync()).Trim());
        await carrier.EvaluateAsync("() => window.__sameDocument = true");
        await carrier.WaitForFunctionAsync("() => document.documentElement.dataset.live === 'connected'");

        var officer = await app.LogInAsync("pk.officer.torkham");
        var queue = officer.Locator("table.stack tbody tr").Filter(new() { HasText = "QTA2291" });
        Assert.Contains("1", await queue.Locator("td").First.InnerTextAsync());
        await officer.Locator("#call-form").GetByLabel("How many").FillAsync("1");
        await officer.Locator("#call-form").GetByRole(AriaRole.Button, new() { Name = "Call forward" }).ClickAsync();
        await officer.Locator("p.done").GetByText("Trucks called forward.").WaitForAsync();
        await officer.Locator("#officer-trucks li[data-plate='QTA2291']").WaitForAsync();

        // The carrier's page changes by itself.
        await carrier.Locator("li.truck[data-plate='QTA2291'][data-status='called']").WaitForAsync();
        Assert.True(await carrier.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the carrier's page was reloaded");
        Assert.Contains("Called forward: drive to the gate now.", await carrier.Locator("li.truck[data-plate='QTA2291']").InnerTextAsync());

        // The officer records its exit; the Afghan officer then records its entry.
        await officer.Locator("#officer-trucks li[data-plate='QTA2291']").GetByRole(AriaRole.Button, new() { Name = "Record exit" }).ClickAsync();
        await officer.Locator("p.done").GetByText("Exit recorded.").WaitForAsync();
        var afghan = await app.LogInAsync("af.officer.torkham");
        await afghan.Locator("#officer-trucks li[data-plate='QTA2291']").GetByRole(AriaRole.Button, new() { Name = "Record entry" }).ClickAsync();
        await afghan.Locator("p.done").GetByText("Entry recorded.").WaitForAsync();
        await carrier.ReloadAsync();
        Assert.Equal("entered", await carrier.Locator("li.truck[data-plate='QTA2291']").GetAttributeAsync("data-status"));
    }

    [Fact]
    public async Task An_officer_rejects_a_called_truck_with_a_reason_the_carrier_reads_as_text()
    {
        var carrier = await app.LogInAsync("carrier2.demo");
        await RegisterAsync(carrier, "KBL-5150", "general");
        await carrier.Locator("li.truck[data-plate='KBL5150']").GetByRole(AriaRole.Button, new() { Name = "Check in at the waiting area" }).ClickAsync();
        await carrier.Locator("p.done").GetByText("Checked in: the truck is in the queue.").WaitForAsync();

        var officer = await app.LogInAsync("pk.officer.torkham");
        await officer.Locator("#call-form").GetByLabel("How many").FillAsync("5");
        await officer.Locator("#call-form").GetByRole(AriaRole.Button, new() { Name = "Call forward" }).ClickAsync();
        var called = officer.Locator("#officer-trucks li[data-plate='KBL5150']");
        await called.GetByLabel("Reason").FillAsync("Seal broken <i>on arrival</i>");
        await called.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await officer.Locator("p.done").GetByText("Truck rejected.").WaitForAsync();

        await carrier.ReloadAsync();
        var truck = carrier.Locator("li.truck[data-plate='KBL5150']");
        Assert.Equal("rejected", await truck.GetAttributeAsync("data-status"));
        Assert.Contains("Seal broken <i>on arrival</i>", await truck.InnerTextAsync());
        Assert.Equal(0, await truck.Locator("i").CountAsync());
    }

    [Fact]
    public async Task A_refused_registration_shows_the_reasons_beside_the_form()
    {
        var carrier = await app.LogInAsync("carrier.demo");
        var form = carrier.Locator("#register-form");
        await form.GetByLabel("Plate").FillAsync("PSH-1");
        await form.GetByLabel("Driver's name").FillAsync("A");
        await form.GetByLabel("Driver's travel document number").FillAsync("X1");
        await form.GetByLabel("Cargo", new() { Exact = true }).FillAsync("Cement");
        await form.GetByLabel("HS code").FillAsync("abc");
        await form.GetByLabel("Value (USD)").FillAsync("100");
        await form.GetByLabel("Weight (kg)").FillAsync("100");
        await form.GetByRole(AriaRole.Button, new() { Name = "Register truck" }).ClickAsync();
        var refusal = carrier.Locator("#register-form .error[role='alert']");
        await refusal.WaitForAsync();
        Assert.Contains("cargo.hsCode", await refusal.InnerTextAsync());
        // What was typed is kept.
        Assert.Equal("PSH-1", await form.GetByLabel("Plate").InputValueAsync());
    }
}
