using Khyber.Api.Infrastructure;
using Khyber.Domain.Access;
using Khyber.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Khyber.Api.Pages.Shared;

/// <summary>
/// A page whose forms act through the API's own use cases: on success it says so and shows the page afresh (post,
/// then redirect, so a reload repeats nothing); on a refusal it shows the page again, with the refusal's status, and
/// the problem — title, detail, fields at fault — beside the form that was sent.
/// </summary>
public abstract class KhyberPage : PageModel
{
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

    /// <summary>Shows the page again with <paramref name="refusal"/> beside <paramref name="form"/>, answering with its status.</summary>
    protected async Task<IActionResult> RefusedAsync(ApiProblemException refusal, string form)
    {
        Refusal = refusal;
        RefusedForm = form;
        Response.StatusCode = refusal.Status;
        if (refusal.RetryAfterSeconds is { } seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // Whatever the refused unit had begun is dropped, so the page is read afresh from what is stored.
        HttpContext.RequestServices.GetRequiredService<KhyberDb>().ChangeTracker.Clear();
        await LoadAsync();
        return Page();
    }

    /// <summary>Marks what the page is loading as refused (a report not yet due, say), shown beside <paramref name="form"/>, without loading again.</summary>
    protected void Refused(ApiProblemException refusal, string form)
    {
        Refusal = refusal;
        RefusedForm = form;
        Response.StatusCode = refusal.Status;
    }

    /// <summary>Runs a use case for <paramref name="form"/>: done → message and redirect (to <paramref name="query"/> of this page); refused → the page with the reasons.</summary>
    protected async Task<IActionResult> Act(string form, Func<Task> action, string done, object? query = null)
    {
        try
        {
            await action();
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, form);
        }
        Done = done;
        return RedirectToPage(query);
    }
}
