using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Khyber.Storage.Audit;

/// <summary>The result of checking a chain: where it first breaks, if it does.</summary>
public sealed record AuditVerification(bool Valid, long Entries, string HeadHash, long? FirstBadSeq, string? Problem);

/// <summary>How entries are hashed and chained, and how a chain is checked — the same code for the server and the command line.</summary>
/// <remarks>
/// hash = SHA-256 over the entry's fields, one per line: seq, time (UTC, microseconds), actor, side, action,
/// subject, the SHA-256 of the canonical payload, and the previous entry's hash. Changing any field of any
/// entry, deleting one or slipping one in breaks the chain from there on; the head row catches a deleted tail.
/// </remarks>
public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    /// <summary>Times are kept to the microsecond, which both databases store exactly.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string HashOf(long seq, DateTimeOffset at, string actor, string? side, string action, string subject, string payloadHash, string previousHash)
    {
        var line = string.Join('\n',
            seq.ToString(CultureInfo.InvariantCulture),
            Normalize(at).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            actor,
            side ?? "",
            action,
            subject,
            payloadHash,
            previousHash);
        return Sha256(line);
    }

    public static AuditEntry Link(long seq, DateTimeOffset at, string actor, string? side, string action, string subject, string payload, string previousHash)
    {
        var payloadHash = Sha256(payload);
        return new AuditEntry
        {
            Seq = seq,
            At = Normalize(at),
            Actor = actor,
            Side = side,
            Action = action,
            Subject = subject,
            Payload = payload,
            PayloadHash = payloadHash,
            PreviousHash = previousHash,
            Hash = HashOf(seq, at, actor, side, action, subject, payloadHash, previousHash),
        };
    }

    /// <summary>Checks entries in sequence order; <paramref name="head"/> (when known) must name the last one.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEntry> ordered, AuditHead? head)
    {
        var walk = new Walk();
        foreach (var entry in ordered)
        {
            if (walk.Step(entry) is { } broken)
            {
                return broken;
            }
        }
        return walk.End(head);
    }

    /// <summary>As <see cref="Verify"/>, reading the entries as they stream in, so a long log is never held at once.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAsyncEnumerable<AuditEntry> ordered, AuditHead? head, CancellationToken ct)
    {
        var walk = new Walk();
        await foreach (var entry in ordered.WithCancellation(ct))
        {
            if (walk.Step(entry) is { } broken)
            {
                return broken;
            }
        }
        return walk.End(head);
    }

    /// <summary>The chain walked one entry at a time: the sequence and hash expected next.</summary>
    private sealed class Walk
    {
        private long _expectedSeq = 1;
        private string _previous = Genesis;
        private long _count;

        public AuditVerification? Step(AuditEntry entry)
        {
            _count++;
            string? problem = null;
            if (entry.Seq != _expectedSeq)
            {
                problem = entry.Seq < _expectedSeq ? $"entry {entry.Seq} appears twice or out of order" : $"entries {_expectedSeq}–{entry.Seq - 1} are missing";
            }
            else if (entry.PreviousHash != _previous)
            {
                problem = "its previous hash does not match the entry before it";
            }
            else if (Sha256(entry.Payload) != entry.PayloadHash)
            {
                problem = "its payload does not match its payload hash";
            }
            else if (HashOf(entry.Seq, entry.At, entry.Actor, entry.Side, entry.Action, entry.Subject, entry.PayloadHash, entry.PreviousHash) != entry.Hash)
            {
                problem = "its fields do not match its hash";
            }
            if (problem is not null)
            {
                var bad = Math.Min(entry.Seq, _expectedSeq);
                return new AuditVerification(false, _count, _previous, bad, $"Entry {bad}: {problem}.");
            }
            _previous = entry.Hash;
            _expectedSeq++;
            return null;
        }

        public AuditVerification End(AuditHead? head)
        {
            var last = _expectedSeq - 1;
            if (head is not null && (head.Seq != last || head.Hash != _previous))
            {
                // Entries beyond the recorded head are not anchored; entries missing up to it were removed.
                var firstBad = head.Seq < last ? head.Seq + 1 : head.Seq > last ? last + 1 : last;
                return new AuditVerification(false, _count, _previous, firstBad,
                    $"The chain ends at entry {last} but its head records entry {head.Seq} with another hash: entries were removed or added at the end, or the head was altered.");
            }
            return new AuditVerification(true, _count, _previous, null, null);
        }
    }
}
