using Khyber.Api.Infrastructure;
using Khyber.Storage;

namespace Khyber.Api.Crossings;

/// <summary>The trucks stranded now in each direction of a crossing: perishables, those spoiling before the expected reopening, value at risk.</summary>
/// <remarks>Read from the <see cref="StatusBoard"/>, like the status.</remarks>
public sealed class GetStranded(KhyberDb db, StatusBoard board) : IUseCase
{
    public async Task<StrandedView> HandleAsync(string id, CancellationToken ct) => (await StatusAsync(id, ct)).Stranded;

    /// <summary>The status with its validators, for an answer a cache may keep; <paramref name="mayLag"/> as <see cref="StatusBoard.GetAsync"/> says.</summary>
    public async Task<CrossingStatus> StatusAsync(string id, CancellationToken ct, bool mayLag = false) =>
        await board.GetAsync(db, id, ct, mayLag) ?? throw Problems.NotFound($"No crossing '{id}'.");
}
