using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Users;
using Khyber.Domain.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Khyber.Api.Pages.Admin;

/// <summary>A one-time password just made for an account, with what was done: shown in this answer only.</summary>
public sealed record OneTimeShown(string Done, string Username, string Password);

/// <summary>
/// An administration page. Actions that make a one-time password answer with the page itself instead of redirecting:
/// the password is shown in that one answer (marked not to be cached) and kept nowhere — not in a cookie, not in
/// temporary data, not in the database.
/// </summary>
public abstract class AdminPage : KhyberPage
{
    public OneTimeShown? OneTime { get; private set; }

    /// <summary>Runs a use case that makes a one-time password: done → the page with the password; refused → the page with the reasons.</summary>
    protected async Task<IActionResult> ActShowingPassword(string form, Func<Task<UserWithPassword>> action, string done, Action? clear = null)
    {
        UserWithPassword made;
        try
        {
            made = await action();
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, form);
        }
        OneTime = new OneTimeShown(done, made.User.Username, made.OneTimePassword);
        // The form that was sent is emptied, as after a redirect, so that it is not sent twice by mistake.
        clear?.Invoke();
        // As the anti-forgery token of the page's forms needs them anyway (saying less makes it override them, with a warning in the log).
        Response.Headers.CacheControl = "no-cache, no-store";
        await LoadAsync();
        return Page();
    }

    /// <summary>The words of a role, as the administration pages say them.</summary>
    public static string RoleName(Role role, IStringLocalizer t) => role switch
    {
        Role.Carrier => t["Carrier"],
        Role.Officer => t["Gate officer"],
        Role.Liaison => t["Liaison"],
        _ => t["Administrator"],
    };
}
