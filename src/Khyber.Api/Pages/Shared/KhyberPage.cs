using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Shared;

/// <summary>
/// A page whose forms act through the API: on success it says so and shows the page afresh (post, then
/// redirect, so a reload repeats nothing); on a refusal it shows the page again with the API's reasons.
/// </summary>
public abstract class KhyberPage(ApiCall api) : PageModel
{
    protected ApiCall Api { get; } = api;

    /// <summary>The refusal of the last action, if it was refused.</summary>
    public ApiProblemException? Refusal { get; private set; }

    /// <summary>Which form the refusal belongs to, so it is shown beside that form.</summary>
    public string? RefusedForm { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public Actor Me => User.Actor();

    /// <summary>Reads what the page shows.</summary>
    protected abstract Task LoadAsync();

    public Task OnGetAsync() => LoadAsync();

    protected void SetRefusal(ApiProblemException refusal, string form)
    {
        Refusal = refusal;
        RefusedForm = form;
    }

    protected async Task<IActionResult> Act(string form, Func<Task> action, string done)
    {
        try
        {
            await action();
        }
        catch (ApiProblemException e)
        {
            SetRefusal(e, form);
            await LoadAsync();
            return Page();
        }
        Done = done;
        return RedirectToPage();
    }
}
