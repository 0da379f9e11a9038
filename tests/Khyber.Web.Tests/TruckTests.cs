using Khyber.Domain.Trucks;
using Khyber.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Khyber.Web.Tests;

/// <summary>A carrier registers a truck and sees its place in the queue; the gate officer calls it and the carrier sees that live.</summary>
public sealed class TruckTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static async Task RegisterAsync(IPage carrier, string plate, string category, string crossing = "torkham")
    {
        await CarrierPortal.FillRegistrationAsync(carrier, plate, category, crossing);
        await carrier.Locator("#register-form").GetByRole(AriaRole.Button, new() { Name = "Register truck" }).ClickAsync();
        await carrier.Locator("p.done").GetByText("Truck registered.", new() { Exact = false }).WaitForAsync();
    }

    private static async Task CheckInAsync(IPage carrier, string plate)
    {
        await carrier.Locator($"li.truck[data-plate='{plate}']").GetByRole(AriaRole.Button, new() { Name = "Check in at the waiting area" }).ClickAsync();
        await carrier.Locator("p.done").GetByText("Checked in: the truck is in the queue.").WaitForAsync();
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

    [Fact]
    public async Task A_carrier_cancels_a_registration_sees_it_cancelled_and_may_register_the_same_plate_again()
    {
        var carrier = await app.LogInAsync("carrier2.demo");
        await RegisterAsync(carrier, "KDH-7070", "general", "chaman");

        // While the registration is active the plate is taken: a second one is refused.
        await CarrierPortal.FillRegistrationAsync(carrier, "KDH 7070", "general", "chaman");
        await carrier.Locator("#register-form").GetByRole(AriaRole.Button, new() { Name = "Register truck" }).SendAsync();
        Assert.Contains("already has an active registration", await carrier.Locator("#register-form").RefusalInAsync());

        var truck = carrier.Locator("li.truck[data-plate='KDH7070']");
        await truck.GetByRole(AriaRole.Button, new() { Name = "Cancel registration" }).SendAsync();
        Assert.Equal("Registration cancelled.", await carrier.DoneMessageAsync());
        Assert.Equal("cancelled", await truck.GetAttributeAsync("data-status"));
        Assert.Equal("Cancelled", (await truck.Locator(".truck-status").InnerTextAsync()).Trim());
        // Nothing is left to do with it.
        Assert.Equal(0, await truck.GetByRole(AriaRole.Button).CountAsync());

        var cancelled = Assert.Single(await app.Db(db => db.Trucks.Where(t => t.Plate == "KDH7070").ToListAsync()));
        Assert.Equal(TruckStatus.Cancelled, cancelled.Status);
        Assert.Equal("chaman", cancelled.CrossingId);
        Assert.NotNull(cancelled.CancelledAt);
        Assert.Null(cancelled.ActivePlate);

        // The plate is free again.
        await RegisterAsync(carrier, "KDH-7070", "general", "chaman");
        var both = carrier.Locator("li.truck[data-plate='KDH7070']");
        Assert.Equal(2, await both.CountAsync());
        var statuses = await Task.WhenAll((await both.AllAsync()).Select(t => t.GetAttributeAsync("data-status")));
        Assert.Equal(new[] { "cancelled", "registered" }, statuses.Order().ToArray());
        var stored = await app.Db(db => db.Trucks.Where(t => t.Plate == "KDH7070").OrderBy(t => t.RegisteredAt).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.Single(stored, t => t.Status == TruckStatus.Cancelled && t.ActivePlate is null);
        Assert.Single(stored, t => t.Status == TruckStatus.Registered && t.ActivePlate == "KDH7070");
    }

    [Fact]
    public async Task The_arrival_sides_officer_rejects_a_truck_that_left_the_other_gate_and_the_carrier_reads_the_reason_as_text()
    {
        const string reason = "Cargo does not match the manifest: <b>steel</b>, not cement";
        var carrier = await app.LogInAsync("carrier.demo");
        await RegisterAsync(carrier, "PSH-4411", "general", "ghulam-khan");
        await CheckInAsync(carrier, "PSH4411");

        // Pakistan's officer calls it and lets it leave through Pakistan's gate.
        var departure = await app.LogInAsync("pk.officer.ghulam-khan");
        await departure.Locator("#call-form").GetByLabel("How many").FillAsync("1");
        await departure.Locator("#call-form").GetByRole(AriaRole.Button, new() { Name = "Call forward" }).SendAsync();
        await departure.Locator("#officer-trucks li[data-plate='PSH4411']").GetByRole(AriaRole.Button, new() { Name = "Record exit" }).SendAsync();
        Assert.Equal("Exit recorded.", await departure.DoneMessageAsync());

        // Afghanistan's officer sees it arriving and turns it away.
        var arrival = await app.LogInAsync("af.officer.ghulam-khan");
        var arriving = arrival.Locator("#officer-trucks li[data-plate='PSH4411']");
        Assert.Equal(1, await arriving.GetByRole(AriaRole.Button, new() { Name = "Record entry" }).CountAsync());
        await arriving.GetByLabel("Reason").FillAsync(reason);
        await arriving.GetByRole(AriaRole.Button, new() { Name = "Reject" }).SendAsync();
        Assert.Equal("Truck rejected.", await arrival.DoneMessageAsync());
        Assert.Equal(0, await arriving.CountAsync());

        await carrier.ReloadAsync();
        var truck = carrier.Locator("li.truck[data-plate='PSH4411']");
        Assert.Equal("rejected", await truck.GetAttributeAsync("data-status"));
        Assert.Equal($"Rejected: {reason}", (await truck.Locator("p.error").InnerTextAsync()).Trim());
        Assert.Equal(0, await truck.Locator("b").CountAsync());

        var stored = Assert.Single(await app.Db(db => db.Trucks.Where(t => t.Plate == "PSH4411").ToListAsync()));
        Assert.Equal(TruckStatus.Rejected, stored.Status);
        Assert.Equal("af.officer.ghulam-khan", stored.RejectedBy);
        Assert.Equal(reason, stored.RejectionReason);
        Assert.NotNull(stored.ExitedAt);
        Assert.Null(stored.EnteredAt);
        Assert.Null(stored.ActivePlate);
    }
}
