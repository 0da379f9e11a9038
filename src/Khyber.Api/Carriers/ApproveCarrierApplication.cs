using Khyber.Api.Infrastructure;
using Khyber.Api.Users;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Accounts;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Carriers;

/// <summary>What an administrator may change when approving: the account's username (when the one asked for is taken) and display name.</summary>
public sealed record ApprovalRequest(string? Username, string? DisplayName);

/// <summary>
/// An administrator approves a company's application: the company is registered, its first carrier account opened with
/// a one-time password (answered once, to pass on; the company chooses its own at the first sign-in), and the
/// application closed — all in one save, audited together.
/// </summary>
public sealed class ApproveCarrierApplication(KhyberDb db, Accounts accounts, TimeProvider time) : IUseCase
{
    public async Task<ApprovalView> HandleAsync(Actor actor, Guid id, ApprovalRequest r, CancellationToken ct)
    {
        AuthSetup.Require(Permissions.MayManageCarriers(actor), "Applications are decided by an administrator.");
        db.Acting(actor, nameof(ApproveCarrierApplication), $"carrier-applications/{id}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var application = await db.CarrierApplications.SingleOrDefaultAsync(a => a.Id == id, token)
                ?? throw Problems.NotFound($"No application '{id}'.");
            if (application.Status != ApplicationStatus.Pending)
            {
                throw Problems.Conflict($"This application was already {Kebab.Word(application.Status.ToString())} by {application.DecidedBy}.");
            }
            var company = new CompanyTerms(application.CompanyName, application.Country, application.RegistrationNumber,
                application.ContactName, application.ContactPhone, application.ContactEmail);
            if (await CreateCarrier.RegisteredAsAsync(db, company, token) is { } existing)
            {
                throw Problems.Conflict($"A company with this registration number in {company.Country} is already registered ('{existing}'): reject the application, or open an account for that company.");
            }

            var carrierId = await CreateCarrier.NewIdAsync(db, company.Name, token);
            var errors = new FieldErrors();
            var username = r.Username?.Trim() ?? application.Username;
            var terms = AccountRules.Validate(new AccountDraft(username, r.DisplayName ?? application.CompanyName, "carrier", null, null, carrierId), errors);
            if (terms is not null && await accounts.FindAsync(terms.Username) is not null)
            {
                errors.Add("username", $"'{terms.Username}' is taken: send another username for the company's account.");
            }
            Problems.ThrowIfAny(errors);

            var now = time.GetUtcNow();
            var carrier = CreateCarrier.Add(db, carrierId, company, now, application.Id);
            application.Status = ApplicationStatus.Approved;
            application.DecidedAt = now;
            application.DecidedBy = actor.UserName;
            application.CarrierId = carrier.Id;
            var password = OneTimePassword.New();
            // Opening the account saves the company and the decided application with it.
            var user = await accounts.OpenAsync(terms!, password, oneTime: true, actor.UserName);
            return new ApprovalView(CarrierApplicationView.Of(application), CarrierView.Of(carrier, 1), new UserWithPassword(UserView.Of(user, actor, now), password));
        }, ct);
    }
}
