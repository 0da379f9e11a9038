using Khyber.Api.Carriers;
using Khyber.Api.Crossings;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Users;
using Microsoft.AspNetCore.Mvc;

namespace Khyber.Api.Pages.Admin;

/// <summary>
/// The accounts: open one (its one-time password shown once), disable and enable, unlock, reset a password — each
/// through the same use case as its API route, so an administrator of a side is held to its side here too.
/// </summary>
public sealed class UsersModel(ListUsers listUsers, ListCrossings listCrossings, ListCarriers listCarriers) : AdminPage
{
    public IReadOnlyList<UserView> Users { get; private set; } = [];

    public IReadOnlyList<CrossingView> Crossings { get; private set; } = [];

    public IReadOnlyList<CarrierView> Carriers { get; private set; } = [];

    public UserForm Form { get; private set; } = new();

    public static string RowForm(string username) => $"user:{username}";

    protected override async Task LoadAsync()
    {
        var ct = HttpContext.RequestAborted;
        Users = await listUsers.HandleAsync(Me, ct);
        Crossings = await listCrossings.HandleAsync(ct);
        Carriers = await listCarriers.HandleAsync(Me, ct);
        if (HttpMethods.IsGet(Request.Method))
        {
            // A link from the companies page opens an account for that company.
            Form.Role = Request.Query["role"].FirstOrDefault() ?? Form.Role;
            Form.Carrier = Request.Query["carrier"].FirstOrDefault();
            Form.Side = Me.Side?.ToString();
        }
    }

    public string CrossingName(string id) => Crossings.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    public string CarrierName(string id) => Carriers.FirstOrDefault(c => c.Id == id)?.Name ?? id;

    public Task<IActionResult> OnPostCreateAsync([FromForm(Name = "user")] UserForm user, [FromServices] CreateUser create)
    {
        Form = user;
        return ActShowingPassword("create", () => create.HandleAsync(Me, user.ToRequest(), HttpContext.RequestAborted), "Account opened.", () => Form = new UserForm { Side = Me.Side?.ToString() });
    }

    public Task<IActionResult> OnPostDisableAsync(string username, [FromServices] DisableUser disable) =>
        Act(RowForm(username), () => disable.HandleAsync(Me, username, HttpContext.RequestAborted), "Account disabled: its sessions have ended.");

    public Task<IActionResult> OnPostEnableAsync(string username, [FromServices] EnableUser enable) =>
        Act(RowForm(username), () => enable.HandleAsync(Me, username, HttpContext.RequestAborted), "Account enabled.");

    public Task<IActionResult> OnPostUnlockAsync(string username, [FromServices] UnlockUser unlock) =>
        Act(RowForm(username), () => unlock.HandleAsync(Me, username, HttpContext.RequestAborted), "Account unlocked.");

    public Task<IActionResult> OnPostResetSecondFactorAsync(string username, [FromServices] ResetSecondFactor reset) =>
        Act(RowForm(username), () => reset.HandleAsync(Me, username, HttpContext.RequestAborted), "Second factor reset: the account's sessions have ended; the user enrols again.");

    public Task<IActionResult> OnPostResetAsync(string username, [FromServices] ResetPassword reset) =>
        ActShowingPassword(RowForm(username), () => reset.HandleAsync(Me, username, HttpContext.RequestAborted), "Password reset: the account's sessions have ended.");
}

/// <summary>The account form as posted; a choice left at "none" is not sent.</summary>
public sealed class UserForm
{
    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    public string Role { get; set; } = "officer";

    public string? Side { get; set; }

    public string? Crossing { get; set; }

    public string? Carrier { get; set; }

    public CreateUserRequest ToRequest() =>
        new(NoticeForm.Blank(Username), NoticeForm.Blank(DisplayName), Role, NoticeForm.Blank(Side), NoticeForm.Blank(Crossing), NoticeForm.Blank(Carrier));
}
