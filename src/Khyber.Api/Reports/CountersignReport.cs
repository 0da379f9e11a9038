using System.ComponentModel.DataAnnotations;
using Khyber.Api.Infrastructure;
using Khyber.Domain;
using Khyber.Domain.Access;
using Khyber.Domain.Reports;
using Khyber.Storage;

namespace Khyber.Api.Reports;

/// <summary>The head hash the signer read the report at: a signature is of what the report said there.</summary>
public sealed record CountersignRequest([property: Required] string? HeadHash);

/// <summary>
/// A liaison countersigns a crossing's daily report for its side, at the head hash it read: refused when the report has
/// moved on to another head since (409, naming headHash) or the side has already signed it there (409, naming side).
/// The signature is recorded in the audit chain; answers the report with its signatures.
/// </summary>
public sealed class CountersignReport(KhyberDb db, TimeProvider time, Idempotency idempotency) : IUseCase
{
    public async Task<DailyReportView> HandleAsync(Actor actor, string crossingId, string day, CountersignRequest request, CancellationToken ct)
    {
        var date = Days.Parse(day, "day");
        AuthSetup.Require(Permissions.MayCountersignReport(actor), "A daily report is countersigned by a liaison of either side.");
        var errors = new FieldErrors();
        errors.Require(request.HeadHash is { Length: 64 } hash && hash.All(char.IsAsciiHexDigitLower), "headHash",
            "Required: the head hash stated by the report you read, 64 lower-case hexadecimal digits.");
        Problems.ThrowIfAny(errors);
        var now = time.GetUtcNow();
        var side = actor.Side!.Value;
        db.Acting(actor, nameof(CountersignReport), $"crossings/{crossingId}/reports/{Days.Text(date)}/countersignatures");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var report = await GetDailyReport.ComputeAsync(db, crossingId, date, now, token);
            if (report.HeadHash != request.HeadHash)
            {
                throw Problems.ConflictOn("headHash",
                    $"The report has moved on: its records or evaluations changed, and it now stands at entry {report.HeadSeq} ({report.HeadHash}). Read it again and sign what it says now.");
            }
            if (report.Countersignatures.FirstOrDefault(s => s.Side == side.ToString() && s.Current) is { } signed)
            {
                throw Problems.ConflictOn("side", $"{side} has already countersigned this report at this head ({signed.SignedBy}, {signed.SignedAt:yyyy-MM-dd HH:mm} UTC).");
            }
            db.ReportCountersignatures.Add(new ReportCountersignature
            {
                Id = Guid.NewGuid(),
                CrossingId = report.CrossingId,
                Day = date,
                Side = side,
                HeadSeq = report.HeadSeq,
                HeadHash = report.HeadHash,
                SignedAt = now,
                SignedBy = actor.UserName,
            });
            var view = report with
            {
                Countersignatures = [.. report.Countersignatures, new CountersignatureView(side.ToString(), actor.UserName, now, report.HeadSeq, report.HeadHash, Current: true)],
            };
            idempotency.Record(db, StatusCodes.Status201Created, view, $"/api/v1/crossings/{report.CrossingId}/reports/{Days.Text(date)}", now);
            await db.SaveChangesAsync(token);
            return view;
        }, ct);
    }
}
