using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Admin.Crossings;

/// <summary>
/// An administrator changes a crossing through the same use case as <c>PUT /api/v1/admin/crossings/{id}</c>. A change that
/// would strand called trucks comes back beside the form, with what was typed, and a box to apply it anyway.
/// </summary>
public sealed class EditModel(GetCrossingSettings get) : KhyberPage
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public CrossingSettingsView? Crossing { get; private set; }

    /// <summary>What the form shows: the stored settings, or what was sent when it was refused.</summary>
    public CrossingForm? Form { get; private set; }

    protected override async Task LoadAsync()
    {
        try
        {
            Crossing = await get.HandleAsync(Me, Id, HttpContext.RequestAborted);
        }
        catch (ApiProblemException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        Form ??= CrossingForm.From(Crossing);
    }

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "crossing")] CrossingForm crossing, [FromServices] ChangeCrossing change)
    {
        Form = crossing;
        Form.Id = Id;
        return await Act("crossing", () => change.HandleAsync(Me, Id, crossing.ToRequest(withId: false), HttpContext.RequestAborted), "Crossing saved.");
    }
}
