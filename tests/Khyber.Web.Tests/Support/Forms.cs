using Microsoft.Playwright;

namespace Khyber.Web.Tests.Support;

/// <summary>Sending a page's form as a person does, and reading what the page says back.</summary>
public static class Forms
{
    /// <summary>
    /// Clicks a form's submit button and waits for the page the server answers with (after its redirect, if any).
    /// Fails at once, with what the server said, when that page is an error rather than the page itself.
    /// </summary>
    public static async Task<IResponse> SendAsync(this ILocator button)
    {
        // Playwright marks this obsolete for pages that change by script; a form post is a real navigation, which it waits for exactly.
#pragma warning disable CS0612
        var response = await button.Page.RunAndWaitForNavigationAsync(() => button.ClickAsync())
            ?? throw new InvalidOperationException("Sending the form led to no page.");
#pragma warning restore CS0612
        if (response.Status >= 500)
        {
            var body = await response.TextAsync();
            Assert.Fail($"The server answered the form with an error page: {response.Status} {response.StatusText} at {response.Url}: {body[..Math.Min(body.Length, 600)]}");
        }
        return response;
    }

    /// <summary>The page's done message (the green "done" line at the top), or null when it has none; does not wait.</summary>
    public static async Task<string?> DoneMessageAsync(this IPage page)
    {
        var done = page.Locator("main p.done[role='status']");
        return await done.CountAsync() == 0 ? null : (await done.First.InnerTextAsync()).Trim();
    }

    /// <summary>The refusal shown inside a region (a form or its section), or null when there is none there; does not wait.</summary>
    public static async Task<string?> RefusalInAsync(this ILocator region)
    {
        var refusal = region.Locator(".error[role='alert']");
        return await refusal.CountAsync() == 0 ? null : (await refusal.First.InnerTextAsync()).Trim();
    }

    /// <summary>Takes a check of the browser's own off a field (required, maxlength…), so that the server's rules are what refuse it.</summary>
    public static Task DropAttributeAsync(this ILocator field, string attribute) =>
        field.EvaluateAsync("(e, name) => e.removeAttribute(name)", attribute);
}
