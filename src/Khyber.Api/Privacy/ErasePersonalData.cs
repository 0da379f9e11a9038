using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Infrastructure;
using Khyber.Api.Trucks;
using Khyber.Domain;
using Khyber.Domain.Sms;
using Khyber.Storage;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Privacy;

/// <summary>What one run of the retention rule erased: drivers of registrations, numbers of texts, stored answers redacted.</summary>
public sealed record ErasedPersonalData(int Trucks, int Messages, int Answers);

/// <summary>
/// The retention rule (<c>Privacy:PersonalDataRetentionDays</c>, <see cref="PersonalData.DefaultRetentionDays"/> by
/// default): the driver's name, document number and phone of a registration that ended more than that many days ago,
/// and the numbers its texts went to, are erased with the salt of their hashes in the audit log. Texts that belong to
/// no registration (answers to unknown numbers) are erased that long after they were written, and so are the drivers
/// in the answers stored for replay under an <c>Idempotency-Key</c> (a registration's, a call's): a replay of so old a
/// request gets its answer with the driver erased.
/// </summary>
/// <remarks>
/// The erasure is a change like any other: it is written through the audit log as an entry of its own, and every
/// earlier entry — which holds only salted hashes — stays exactly as written, so the chain still verifies; the hashes
/// simply stop matching any value. Erasure runs in batches, each its own unit of work, so a long backlog never holds
/// the write lock for long.
/// </remarks>
public sealed class ErasePersonalData(KhyberDb db, TimeProvider time, IConfiguration config, ILogger<ErasePersonalData> log) : IUseCase
{
    /// <summary>Records per unit of work.</summary>
    public const int BatchSize = 200;

    /// <summary>How a stored answer names a driver (<see cref="Trucks.DriverView"/> as <see cref="Json.Options"/> writes it).</summary>
    private const string NamedDriver = "\"driver\":{\"name\":\"";

    /// <summary>The configured retention in days, or null when personal data is kept until erased by other means.</summary>
    public int? RetentionDays => PersonalData.RetentionDays(config.GetValue<int?>("Privacy:PersonalDataRetentionDays"));

    public async Task<ErasedPersonalData> RunAsync(CancellationToken ct)
    {
        if (RetentionDays is not { } days)
        {
            return new ErasedPersonalData(0, 0, 0);
        }
        var now = time.GetUtcNow();
        var before = PersonalData.ErasableBefore(now, days);
        var trucks = 0;
        var messages = 0;
        var answers = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await EraseBatchAsync(before, now, ct);
            trucks += batch.Trucks;
            messages += batch.Messages;
            answers += batch.Answers;
            if (!batch.More)
            {
                break;
            }
        }
        if (trucks + messages + answers > 0)
        {
            log.LogInformation("Erased the personal data of {Trucks} registration(s), {Messages} text(s) and {Answers} stored answer(s) older than {Before:u}", trucks, messages, answers, before);
        }
        return new ErasedPersonalData(trucks, messages, answers);
    }

    private async Task<(int Trucks, int Messages, int Answers, bool More)> EraseBatchAsync(DateTimeOffset before, DateTimeOffset now, CancellationToken ct)
    {
        db.Acting("system", null, nameof(ErasePersonalData), $"privacy/retention/{before:yyyy-MM-dd}");
        return await Concurrency.RetryAsync(db, async token =>
        {
            var trucks = await db.Trucks
                .Where(t => t.PersonalDataErasedAt == null && t.EndedAt < before)
                .OrderBy(t => t.EndedAt).ThenBy(t => t.Id)
                .Take(BatchSize)
                .ToListAsync(token);
            foreach (var truck in trucks)
            {
                truck.ErasePersonalData(now);
            }
            var ids = trucks.Select(t => (Guid?)t.Id).ToList();
            var ofTrucks = ids.Count == 0 ? [] : await db.SmsMessages
                .Where(m => ids.Contains(m.TruckId) && m.PersonalDataErasedAt == null
                    && (m.ExpiresAt <= now || (m.Status != SmsStatus.Queued && m.Status != SmsStatus.Sending)))
                .ToListAsync(token);
            // Texts of registrations erased in earlier runs, and texts that belong to none, once they can no longer be sent.
            var old = await db.SmsMessages
                .Where(m => m.PersonalDataErasedAt == null && m.CreatedAt < before && m.ExpiresAt <= now
                    && (m.TruckId == null || db.Trucks.Any(t => t.Id == m.TruckId && t.PersonalDataErasedAt != null)))
                .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Take(BatchSize)
                .ToListAsync(token);
            var texts = ofTrucks.Concat(old).DistinctBy(m => m.Id).ToList();
            foreach (var message in texts)
            {
                message.ErasePersonalData(now);
            }
            var answers = await db.IdempotencyRecords
                .Where(r => r.CreatedAt < before && r.ResponseBody != null && r.ResponseBody.Contains(NamedDriver))
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Owner).ThenBy(r => r.Key)
                .Take(BatchSize)
                .ToListAsync(token);
            foreach (var answer in answers)
            {
                answer.ResponseBody = WithoutDrivers(answer.ResponseBody!, now);
            }
            if (trucks.Count + texts.Count + answers.Count > 0)
            {
                await db.SaveChangesAsync(token);
            }
            return (trucks.Count, texts.Count, answers.Count, trucks.Count == BatchSize || old.Count == BatchSize || answers.Count == BatchSize);
        }, ct);
    }

    /// <summary>The stored answer with every <c>driver</c> in it erased, as the truck's view shows an erased driver.</summary>
    private static string WithoutDrivers(string body, DateTimeOffset at)
    {
        var root = JsonNode.Parse(body);
        Erase(root);
        return root?.ToJsonString(Json.Options) ?? body;

        void Erase(JsonNode? node)
        {
            switch (node)
            {
                case JsonArray array:
                    foreach (var item in array)
                    {
                        Erase(item);
                    }
                    break;
                case JsonObject o:
                    foreach (var (name, value) in o.ToList())
                    {
                        if (name == "driver" && value is JsonObject)
                        {
                            o[name] = JsonSerializer.SerializeToNode(new DriverView(null, null, null, null, at), Json.Options);
                        }
                        else
                        {
                            Erase(value);
                        }
                    }
                    break;
            }
        }
    }
}

/// <summary>Runs the retention rule at start and then hourly on the injected clock (<c>Privacy:EraseEveryMinutes</c>, 60 by default).</summary>
public sealed class RetentionClock(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config, ILogger<RetentionClock> log)
    : PeriodicJob<ErasePersonalData>(scopes, time, log, Every(config, "Privacy:EraseEveryMinutes", 60, TimeSpan.FromMinutes(1)), "Erasing personal data past its retention", (erase, ct) => erase.RunAsync(ct));
