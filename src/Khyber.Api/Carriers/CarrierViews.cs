using Khyber.Api.Users;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Carriers;

/// <summary>Whom to call at a company.</summary>
public sealed record ContactView(string Name, string Phone, string Email);

/// <summary>A carrier company, with how many accounts act for it.</summary>
public sealed record CarrierView(
    string Id, string Name, string Country, string RegistrationNumber, ContactView Contact, DateTimeOffset CreatedAt, Guid? ApplicationId, int Accounts)
{
    public static CarrierView Of(Carrier c, int accounts) =>
        new(c.Id, c.Name, c.Country, c.RegistrationNumber, new ContactView(c.ContactName, c.ContactPhone, c.ContactEmail), c.CreatedAt, c.ApplicationId, accounts);
}

/// <summary>A company's application for access and, once decided, by whom, when and how.</summary>
public sealed record CarrierApplicationView(
    Guid Id,
    string Name,
    string Country,
    string RegistrationNumber,
    ContactView Contact,
    string Username,
    string? Message,
    DateTimeOffset SubmittedAt,
    ApplicationStatus Status,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? RejectionReason,
    string? CarrierId)
{
    public static CarrierApplicationView Of(CarrierApplication a) => new(
        a.Id, a.CompanyName, a.Country, a.RegistrationNumber, new ContactView(a.ContactName, a.ContactPhone, a.ContactEmail),
        a.Username, a.Message, a.SubmittedAt, a.Status, a.DecidedAt, a.DecidedBy, a.RejectionReason, a.CarrierId);
}

/// <summary>An approved application: the company made from it, and its first account with the one-time password to pass on (shown once).</summary>
public sealed record ApprovalView(CarrierApplicationView Application, CarrierView Carrier, UserWithPassword Account);
