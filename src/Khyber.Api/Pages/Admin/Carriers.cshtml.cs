using Khyber.Api.Carriers;
using Khyber.Api.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Admin;

/// <summary>The carrier companies: register one, see each with its contact and accounts, open an account for it.</summary>
public sealed class CarriersModel(ListCarriers listCarriers) : AdminPage
{
    public IReadOnlyList<CarrierView> Carriers { get; private set; } = [];

    public CompanyForm Form { get; private set; } = new();

    protected override async Task LoadAsync() => Carriers = await listCarriers.HandleAsync(Me, HttpContext.RequestAborted);

    public Task<IActionResult> OnPostCreateAsync([FromForm(Name = "company")] CompanyForm company, [FromServices] CreateCarrier create)
    {
        Form = company;
        return Act("create", () => create.HandleAsync(Me, company.ToRequest(), HttpContext.RequestAborted), "Company registered.");
    }
}

/// <summary>A company as the administrators' form and the public application form post it.</summary>
public sealed class CompanyForm
{
    public string? Name { get; set; }

    public string? Country { get; set; }

    public string? RegistrationNumber { get; set; }

    public string? ContactName { get; set; }

    public string? ContactPhone { get; set; }

    public string? ContactEmail { get; set; }

    /// <summary>The username asked for (applications only).</summary>
    public string? Username { get; set; }

    /// <summary>A word to the administrators (applications only).</summary>
    public string? Message { get; set; }

    private ContactRequest Contact => new(NoticeForm.Blank(ContactName), NoticeForm.Blank(ContactPhone), NoticeForm.Blank(ContactEmail));

    public CreateCarrierRequest ToRequest() =>
        new(NoticeForm.Blank(Name), NoticeForm.Blank(Country)?.Trim().ToUpperInvariant(), NoticeForm.Blank(RegistrationNumber), Contact);

    public CarrierApplicationRequest ToApplication() =>
        new(NoticeForm.Blank(Name), NoticeForm.Blank(Country)?.Trim().ToUpperInvariant(), NoticeForm.Blank(RegistrationNumber), Contact, NoticeForm.Blank(Username), NoticeForm.Blank(Message));
}

/// <summary>The company fields of a form: the values to show, the form's field prefix, and whether it is an application (with a username and a message).</summary>
public sealed record CompanyFields(CompanyForm Form, string Prefix, bool Application);
