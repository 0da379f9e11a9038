using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

public sealed record ContactRequest([property: Required] string? Name, [property: Required] string? Phone, [property: Required] string? Email);

/// <summary>A carrier company as an administrator enters it.</summary>
public sealed record CreateCarrierRequest(
    [property: Required] string? Name,
    [property: Required] string? Country,
    [property: Required] string? RegistrationNumber,
    [property: Required] ContactRequest? Contact);

/// <summary>
/// An administrator — of either side or of the system: companies belong to no side — registers a carrier company. Its
/// id is made from its name; its accounts are then opened as carrier users of that id.
/// </summary>
public sealed class CreateCarrier(KhyberDb db, TimeProvider time) : IUseCase
{
    public async Task<CarrierView> HandleAsync(Actor actor, CreateCarrierRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Carrier companies are registered by an administrator.");
        var errors = new FieldErrors();
        var terms = Validate(r.Name, r.Country, r.RegistrationNumber, r.Contact, errors);
        Problems.ThrowIfAny(errors);

        db.Acting(actor, nameof(CreateCarrier), "carriers");
        return await Concurrency.RetryAsync(db, async token =>
        {
            if (await RegisteredAsAsync(db, terms!, token) is { } existing)
            {
                throw Problems.Invalid("registrationNumber", $"Already registered for {terms!.Country}, as the company '{existing}'.");
            }
            var carrier = Add(db, await NewIdAsync(db, terms!.Name, token), terms, time.GetUtcNow(), applicationId: null);
            await db.SaveChangesAsync(token);
            return CarrierView.Of(carrier, 0);
        }, ct);
    }

    /// <summary>The company's fields checked, with the contact's named as <c>contact.name</c>, <c>contact.phone</c>, <c>contact.email</c>.</summary>
    internal static CompanyTerms? Validate(string? name, string? country, string? registrationNumber, ContactRequest? contact, FieldErrors errors)
    {
        var found = new FieldErrors();
        var terms = CarrierRules.Validate(new CompanyDraft(name, country, registrationNumber, contact?.Name, contact?.Phone, contact?.Email), found);
        foreach (var e in found.All)
        {
            // A missing contact is one error, not one for each of its fields.
            if (contact is not null || !e.Field.StartsWith("contact.", StringComparison.Ordinal))
            {
                errors.Add(e.Field, e.Message);
            }
        }
        if (contact is null)
        {
            errors.Add("contact", "Required: the name, phone and e-mail of the person to call.");
        }
        return terms;
    }

    /// <summary>The id of a company already registered under this country and number (compared without regard to case), if any.</summary>
    internal static Task<string?> RegisteredAsAsync(KhyberDb db, CompanyTerms terms, CancellationToken ct)
    {
        var number = terms.RegistrationNumber.ToUpperInvariant();
        return db.Carriers.Where(c => c.Country == terms.Country && c.RegistrationNumber.ToUpper() == number).Select(c => c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>An id made from the company's name (<c>khyber-freight-lines</c>, or <c>-2</c>, <c>-3</c>… when taken).</summary>
    internal static async Task<string> NewIdAsync(KhyberDb db, string name, CancellationToken ct)
    {
        var stem = CarrierRules.IdOf(name);
        var taken = (await db.Carriers.Where(c => c.Id == stem || c.Id.StartsWith(stem + "-")).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var id = stem;
        for (var n = 2; taken.Contains(id); n++)
        {
            id = $"{stem}-{n}";
        }
        return id;
    }

    /// <summary>Adds the company under <paramref name="id"/>.</summary>
    internal static Carrier Add(KhyberDb db, string id, CompanyTerms terms, DateTimeOffset now, Guid? applicationId)
    {
        var carrier = new Carrier
        {
            Id = id,
            Name = terms.Name,
            Country = terms.Country,
            RegistrationNumber = terms.RegistrationNumber,
            ContactName = terms.ContactName,
            ContactPhone = terms.ContactPhone,
            ContactEmail = terms.ContactEmail,
            CreatedAt = now,
            ApplicationId = applicationId,
        };
        db.Carriers.Add(carrier);
        return carrier;
    }
}
