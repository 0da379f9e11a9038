using Khyber.Domain;
using Khyber.Domain.Notices;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Notices;

/// <summary>
/// The incidents and commitments a notice cites: checked when it is issued, and looked up the other way
/// round so that each incident and commitment lists the notices that cite it.
/// </summary>
/// <remarks>
/// A notice may cite only incidents at its own crossing — a Torkham closure that cites a Chaman incident is a
/// slip, not a reason. Commitments belong to no crossing, so any may be cited.
/// </remarks>
public sealed class NoticeCitations
{
    private readonly List<string> _incidentIds;
    private readonly List<string> _commitmentIds;
    private readonly Dictionary<Guid, string> _incidentCrossings;
    private readonly HashSet<Guid> _commitments;
    private readonly string _crossingId;

    private NoticeCitations(string crossingId, List<string> incidentIds, List<string> commitmentIds, Dictionary<Guid, string> incidentCrossings, HashSet<Guid> commitments)
    {
        _crossingId = crossingId;
        _incidentIds = incidentIds;
        _commitmentIds = commitmentIds;
        _incidentCrossings = incidentCrossings;
        _commitments = commitments;
    }

    /// <summary>Looks up the ids a request names, so that <see cref="Check"/> can judge them with the request's other fields.</summary>
    public static async Task<NoticeCitations> LoadAsync(KhyberDb db, string crossingId, List<string>? incidentIds, List<string>? commitmentIds, CancellationToken ct)
    {
        var incidents = Guids(incidentIds);
        var commitments = Guids(commitmentIds);
        var incidentCrossings = incidents.Count == 0 ? []
            : await db.Incidents.AsNoTracking().Where(i => incidents.Contains(i.Id)).Select(i => new { i.Id, i.CrossingId }).ToDictionaryAsync(i => i.Id, i => i.CrossingId, ct);
        var knownCommitments = commitments.Count == 0 ? []
            : (await db.Commitments.AsNoTracking().Where(c => commitments.Contains(c.Id)).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        return new NoticeCitations(crossingId, incidentIds ?? [], commitmentIds ?? [], incidentCrossings, knownCommitments);
    }

    /// <summary>Names each id that is malformed, unknown, named twice, or (for incidents) of another crossing.</summary>
    public void Check(FieldErrors errors)
    {
        var seen = new HashSet<Guid>();
        for (var i = 0; i < _incidentIds.Count; i++)
        {
            var field = $"incidentIds[{i}]";
            if (!Guid.TryParse(_incidentIds[i], out var id) || !_incidentCrossings.TryGetValue(id, out var crossing))
            {
                errors.Add(field, "No such incident.");
            }
            else if (crossing != _crossingId)
            {
                errors.Add(field, $"The incident happened at {crossing}; a notice cites incidents of its own crossing.");
            }
            else if (!seen.Add(id))
            {
                errors.Add(field, "This incident is already cited.");
            }
        }
        seen.Clear();
        for (var i = 0; i < _commitmentIds.Count; i++)
        {
            var field = $"commitmentIds[{i}]";
            if (!Guid.TryParse(_commitmentIds[i], out var id) || !_commitments.Contains(id))
            {
                errors.Add(field, "No such commitment.");
            }
            else if (!seen.Add(id))
            {
                errors.Add(field, "This commitment is already cited.");
            }
        }
    }

    /// <summary>The incidents cited, in the order given; valid once <see cref="Check"/> found nothing.</summary>
    public IEnumerable<Guid> IncidentIds => _incidentIds.Select(Guid.Parse);

    /// <summary>The commitments cited, in the order given; valid once <see cref="Check"/> found nothing.</summary>
    public IEnumerable<Guid> CommitmentIds => _commitmentIds.Select(Guid.Parse);

    /// <summary>For each of the incidents, the notices citing it, oldest first.</summary>
    public static async Task<ILookup<Guid, Guid>> CitingIncidentsAsync(KhyberDb db, IReadOnlyCollection<Guid> incidentIds, CancellationToken ct)
    {
        var rows = await db.Notices.AsNoTracking()
            .SelectMany(n => n.CitedIncidents, (n, c) => new { c.IncidentId, NoticeId = n.Id, n.IssuedAt })
            .Where(x => incidentIds.Contains(x.IncidentId))
            .ToListAsync(ct);
        return rows.OrderBy(x => x.IssuedAt).ToLookup(x => x.IncidentId, x => x.NoticeId);
    }

    /// <summary>For each of the commitments, the notices citing it, oldest first.</summary>
    public static async Task<ILookup<Guid, Guid>> CitingCommitmentsAsync(KhyberDb db, IReadOnlyCollection<Guid> commitmentIds, CancellationToken ct)
    {
        var rows = await db.Notices.AsNoTracking()
            .SelectMany(n => n.CitedCommitments, (n, c) => new { c.CommitmentId, NoticeId = n.Id, n.IssuedAt })
            .Where(x => commitmentIds.Contains(x.CommitmentId))
            .ToListAsync(ct);
        return rows.OrderBy(x => x.IssuedAt).ToLookup(x => x.CommitmentId, x => x.NoticeId);
    }

    private static List<Guid> Guids(List<string>? ids) =>
        [.. (ids ?? []).Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct()];
}
