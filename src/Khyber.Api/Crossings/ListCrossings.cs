using Khyber.Api.Infrastructure;
using Khyber.Storage;

namespace Khyber.Api.Crossings;

/// <summary>Every crossing with the state of each gate and direction, queues and estimated waits: the public status.</summary>
/// <remarks>Read from the <see cref="StatusBoard"/>: on the day a crossing reopens thousands ask at once, and each crossing is computed once per change.</remarks>
public sealed class ListCrossings(KhyberDb db, StatusBoard board) : IUseCase
{
    public async Task<List<CrossingView>> HandleAsync(CancellationToken ct) => [.. (await StatusAsync(ct)).Views];

    /// <summary>The statuses with one validator for the list, for an answer a cache may keep; <paramref name="mayLag"/> as <see cref="StatusBoard.GetAsync"/> says.</summary>
    public Task<CrossingStatusList> StatusAsync(CancellationToken ct, bool mayLag = false) => board.AllAsync(db, ct, mayLag);
}
