using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Accounts;
using Khyber.Storage;

namespace Khyber.Api.Carriers;

/// <summary>A company's application: who it is, whom to call, the username it wants for its first account, and a word to the administrators.</summary>
public sealed record CarrierApplicationRequest(
    [property: Required] string? Name,
    [property: Required] string? Country,
    [property: Required] string? RegistrationNumber,
    [property: Required] ContactRequest? Contact,
    [property: Required] string? Username,
    string? Message);

/// <summary>
/// A company applies for access, without an account (the public form <c>/apply</c>, or the API). Limited per address,
/// as a public form must be; whether the username is free is not said here (that would let anyone probe usernames):
/// the administrator who approves it chooses another if needed.
/// </summary>
public sealed class ApplyForAccess(KhyberDb db, TimeProvider time, RateLimits limits) : IUseCase
{
    /// <summary>The audit log's name for an applicant, who has no account.</summary>
    public const string Public = "public";

    public async Task<CarrierApplicationView> HandleAsync(CarrierApplicationRequest r, string address, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var terms = CreateCarrier.Validate(r.Name, r.Country, r.RegistrationNumber, r.Contact, errors);
        if (errors.Require(!string.IsNullOrWhiteSpace(r.Username), "username", "Required: the username you would like for your first account."))
        {
            errors.Require(AccountRules.IsUsername(r.Username!.Trim()), "username", AccountRules.UsernameRule);
        }
        var message = CarrierRules.Message(r.Message, errors);
        Problems.ThrowIfAny(errors);
        limits.CarrierApplication(address);

        var application = new CarrierApplication
        {
            Id = Guid.NewGuid(),
            CompanyName = terms!.Name,
            Country = terms.Country,
            RegistrationNumber = terms.RegistrationNumber,
            ContactName = terms.ContactName,
            ContactPhone = terms.ContactPhone,
            ContactEmail = terms.ContactEmail,
            Username = r.Username!.Trim(),
            Message = message,
            SubmittedAt = time.GetUtcNow(),
        };
        db.Acting(Public, null, nameof(ApplyForAccess), "carrier-applications");
        db.CarrierApplications.Add(application);
        await db.SaveChangesAsync(ct);
        return CarrierApplicationView.Of(application);
    }
}
