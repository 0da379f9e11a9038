using Microsoft.Playwright;

namespace Khyber.Web.Tests.Support;

/// <summary>The carrier portal's registration form, filled as a carrier does.</summary>
public static class CarrierPortal
{
    /// <summary>Fills every field of the registration form (a perishable load's shelf life too); does not send it.</summary>
    public static async Task FillRegistrationAsync(IPage carrier, string plate, string category = "general", string crossing = "torkham")
    {
        var form = carrier.Locator("#register-form");
        await form.GetByLabel("Crossing").SelectOptionAsync(crossing);
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
    }

    /// <summary>The registration form's submit button.</summary>
    public static ILocator RegisterButton(IPage carrier) =>
        carrier.Locator("#register-form").GetByRole(AriaRole.Button, new() { Name = "Register truck" });
}
