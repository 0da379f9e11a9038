using Khyber.Api.Crossings;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Admin.Crossings;

/// <summary>An administrator creates a crossing through the same use case as <c>POST /api/v1/admin/crossings</c>.</summary>
public sealed class NewModel : KhyberPage
{
    public CrossingForm Form { get; private set; } = new();

    protected override Task LoadAsync() => Task.CompletedTask;

    public async Task<IActionResult> OnPostAsync([FromForm(Name = "crossing")] CrossingForm crossing, [FromServices] CreateCrossing create)
    {
        Form = crossing;
        try
        {
            await create.HandleAsync(Me, crossing.ToRequest(withId: true), HttpContext.RequestAborted);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "crossing");
        }
        Done = "Crossing created.";
        return RedirectToPage("/Admin/Crossings/Index");
    }
}
