using Khyber.Api.Crossings;
using Khyber.Api.Pages.Shared;

namespace Khyber.Api.Pages.Admin.Crossings;

/// <summary>The administrator's list of crossings: each side's clock and gate hours, whether it operates now, lanes per direction.</summary>
public sealed class IndexModel(ListCrossingSettings list) : KhyberPage
{
    public IReadOnlyList<CrossingSettingsView> Crossings { get; private set; } = [];

    protected override async Task LoadAsync() => Crossings = await list.HandleAsync(Me, HttpContext.RequestAborted);
}
