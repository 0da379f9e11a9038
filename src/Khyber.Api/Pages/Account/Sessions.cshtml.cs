using Khyber.Api.Auth;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Account;

/// <summary>
/// The user's own sessions — page sign-ins and API clients — through the same use cases as <c>/api/v1/auth/sessions</c>:
/// end one (a device left signed in), or sign out everywhere, this browser included.
/// </summary>
[Authorize]
public sealed class SessionsModel(ListSessions list) : KhyberPage
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];

    protected override async Task LoadAsync() =>
        Sessions = await list.HandleAsync(Me, User.SessionId(), HttpContext.RequestAborted);

    public Task<IActionResult> OnPostEndAsync(Guid session, [FromServices] EndSession end) =>
        Act("end", () => end.HandleAsync(Me, session, HttpContext.RequestAborted), "Session ended.");

    public async Task<IActionResult> OnPostEverywhereAsync([FromServices] SignOutEverywhere signOut)
    {
        try
        {
            await signOut.HandleAsync(Me, HttpContext.RequestAborted);
        }
        catch (Exception e) when (Problems.Of(e) is { } refusal)
        {
            return await RefusedAsync(refusal, "everywhere");
        }
        await HttpContext.SignOutAsync(PagesSetup.CookieScheme);
        return LocalRedirect("/account/login?everywhere=true");
    }
}
