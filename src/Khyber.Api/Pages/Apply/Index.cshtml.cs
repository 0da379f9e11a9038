using Khyber.Api.Carriers;
using Khyber.Api.Infrastructure;
using Khyber.Api.Pages.Admin;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Apply;

/// <summary>
/// The public form through which a carrier company applies for access, without an account: the same use case as
/// <c>POST /api/v1/carrier-applications</c>, so the same rules and the same limit per address; protected against
/// cross-site posting by the form's anti-forgery token, as every form.
/// </summary>
public sealed class IndexModel : KhyberPage
{
    public CompanyForm Form { get; private set; } = new();

    protected override Task LoadAsync() => Task.CompletedTask;

    public Task<IActionResult> OnPostAsync([FromForm(Name = "application")] CompanyForm application, [FromServices] ApplyForAccess apply)
    {
        Form = application;
        return Act("apply", () => apply.HandleAsync(application.ToApplication(), HttpContext.CallerAddress(), HttpContext.RequestAborted),
            "Thank you: your application was received. An administrator will contact you.");
    }
}
