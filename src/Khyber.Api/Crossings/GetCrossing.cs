using Khyber.Api.Infrastructure;
using Khyber.Storage;

namespace Khyber.Api.Crossings;

/// <summary>One crossing's public status: gates, directions, lanes, waiting and stranded trucks, estimated waits.</summary>
/// <remarks>Read from the <see cref="StatusBoard"/>: computed once per change, whoever asks.</remarks>
public sealed class GetCrossing(KhyberDb db, StatusBoard board) : IUseCase
{
    public async Task<CrossingView> HandleAsync(string id, CancellationToken ct) => (await StatusAsync(id, ct)).View;

    /// <summary>The status with its validators, for an answer a cache may keep; <paramref name="mayLag"/> as <see cref="StatusBoard.GetAsync"/> says.</summary>
    public async Task<CrossingStatus> StatusAsync(string id, CancellationToken ct, bool mayLag = false) =>
        await board.GetAsync(db, id, ct, mayLag) ?? throw Problems.NotFound($"No crossing '{id}'.");
}
