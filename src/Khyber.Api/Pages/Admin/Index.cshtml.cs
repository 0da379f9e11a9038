using Khyber.Api.Carriers;
using Khyber.Api.Users;
using Khyber.Domain;
using Khyber.Domain.Accounts;

namespace Khyber.Api.Pages.Admin;

/// <summary>The administrator's home: what waits (applications, locked accounts) and the way to each administration page.</summary>
public sealed class IndexModel(ListUsers listUsers, ListCarriers listCarriers, ListCarrierApplications listApplications) : AdminPage
{
    public int Users { get; private set; }

    public int Disabled { get; private set; }

    public int LockedOut { get; private set; }

    public int Companies { get; private set; }

    public int PendingApplications { get; private set; }

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        var users = await listUsers.HandleAsync(Me, ct);
        Users = users.Count;
        Disabled = users.Count(u => !u.Enabled);
        LockedOut = users.Count(u => u.LockedOut);
        Companies = (await listCarriers.HandleAsync(Me, ct)).Count;
        PendingApplications = (await listApplications.HandleAsync(Me, Kebab.Word(nameof(ApplicationStatus.Pending)), ct)).Count;
    }
}
