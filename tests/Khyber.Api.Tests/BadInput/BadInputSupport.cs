using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Khyber.Api.Tests.BadInput;

/// <summary>
/// One application for a class of bad-input cases. Every case is refused and checks that nothing was
/// written, so the cases cannot disturb one another; a case that did write would fail itself first.
/// </summary>
public sealed class BadInputApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    private Task<Guid>? _subject;

    public async Task InitializeAsync() => App = await TestApp.StartAsync();

    /// <summary>The one thing the class's cases act on (a truck to reject, say), made by the first case that asks.</summary>
    public Task<Guid> Subject(Func<TestApp, Task<Guid>> create) => _subject ??= create(App);

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Everything a refused request must leave as it was.</summary>
public sealed record Stored(int Trucks, int Notices, int IdempotencyRecords, int StrandedSnapshots, int FailedSignIns, string TruckStates, string Acknowledgements, string Registers, string Crossings, string Accounts, string TextMessages)
{
    public static Task<Stored> Of(TestApp app) => app.Db(async db =>
    {
        var trucks = await db.Trucks.AsNoTracking().Select(t => new { t.Id, t.Status }).ToListAsync();
        var notices = await db.Notices.AsNoTracking().Select(n => new { n.Id, n.AcknowledgedBy }).ToListAsync();
        return new Stored(
            trucks.Count,
            notices.Count,
            await db.IdempotencyRecords.CountAsync(),
            await db.StrandedSnapshots.CountAsync(),
            await db.Users.SumAsync(u => u.AccessFailedCount),
            string.Join(",", trucks.OrderBy(t => t.Id).Select(t => $"{t.Id}:{t.Status}")),
            string.Join(",", notices.OrderBy(n => n.Id).Select(n => $"{n.Id}:{n.AcknowledgedBy}")),
            $"incidents {await db.Incidents.CountAsync()}/{await db.IncidentResponses.CountAsync()} meetings {await db.Meetings.CountAsync()} " +
            $"agreements {await db.Agreements.CountAsync()} commitments {await db.Commitments.CountAsync()}/{await db.ComplianceReports.CountAsync()}/{await db.CommitmentDisputes.CountAsync()} " +
            $"evaluations {await db.CommitmentEvaluations.CountAsync()}/{await db.EvaluationDisputes.CountAsync()} countersignatures {await db.ReportCountersignatures.CountAsync()}",
            await CrossingsOf(db),
            await AccountsOf(db),
            // Texts and the reports on them; not their sending state, which the background sender moves on its own.
            string.Join(",", (await db.SmsMessages.AsNoTracking().Select(m => new { m.Id, m.LastReport }).ToListAsync()).OrderBy(m => m.Id).Select(m => $"{m.Id}:{m.LastReport}")));
    });

    /// <summary>Every crossing's settings, sides and directions, as one line.</summary>
    private static async Task<string> CrossingsOf(Khyber.Storage.KhyberDb db)
    {
        var crossings = await db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().OrderBy(c => c.Id).ToListAsync();
        return string.Join(" | ", crossings.Select(c =>
            $"{c.Id} {c.Name} {c.MinimumNoticeHours}/{c.NoShowMinutes} {c.UpdatedAt:O} "
            + string.Join(",", c.Sides.OrderBy(x => x.Side).Select(x => $"{x.Side}:{x.Authority}:{x.TimeZone}:{x.OpensAt}-{x.ClosesAt}")) + " "
            + string.Join(",", c.Directions.OrderBy(x => x.Direction).Select(x => $"{x.Direction}:{x.LanesOpen}/{x.LanesMax}:{x.TrucksPerLanePerHour}:{x.PerishableShare}:{x.AgeingBoundHours}"))));
    }

    /// <summary>Accounts (with their stamps, so a changed password or a disabling shows), companies, applications, account changes and ended sessions.</summary>
    public static async Task<string> AccountsOf(Khyber.Storage.KhyberDb db)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.UserName).Select(u => u.UserName + ":" + u.SecurityStamp + ":" + (u.DisabledAt != null)).ToListAsync();
        var applications = await db.CarrierApplications.AsNoTracking().OrderBy(a => a.Id).Select(a => a.Id + ":" + a.Status).ToListAsync();
        return $"users [{string.Join(",", users)}] carriers {await db.Carriers.CountAsync()} applications [{string.Join(",", applications)}] changes {await db.AccountChanges.CountAsync()} sessions ended {await db.Sessions.CountAsync(x => x.RevokedAt != null)}";
    }
}

/// <summary>One way of sending one field wrong: how to break a valid body, and the answer that must come back.</summary>
public sealed record BadField(Action<JsonObject> Break, HttpStatusCode Status, string Field);

/// <summary>Named bad-field cases, written as a table: <c>{ "plate too long", b => b["plate"] = "…", Invalid, "plate" }</c>.</summary>
public sealed class BadFields : Dictionary<string, BadField>
{
    /// <summary>400: not JSON of the expected shape (wrong type, malformed value).</summary>
    public const HttpStatusCode Malformed = HttpStatusCode.BadRequest;

    /// <summary>422: well-formed, but breaks the rules (missing, out of range, wrong format).</summary>
    public const HttpStatusCode Invalid = HttpStatusCode.UnprocessableEntity;

    public void Add(string name, Action<JsonObject> change, HttpStatusCode status, string field) =>
        Add(name, new BadField(change, status, field));

    public TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Keys)
        {
            data.Add(name);
        }
        return data;
    }

    /// <summary>A string of the given length, to overrun a limit.</summary>
    public static string Long(int length) => new('x', length);
}

/// <summary>Checks on the problem a bad request gets back.</summary>
public static class ProblemText
{
    /// <summary>The answer speaks of the request's fields, not of the server's types.</summary>
    public static void TellsNoInternals(JsonElement problem)
    {
        var text = problem.GetRawText();
        foreach (var inside in new[] { "Khyber.", "System.", ".NET", "Nullable`", "LineNumber", "BytePositionInLine" })
        {
            Assert.False(text.Contains(inside, StringComparison.Ordinal), $"the problem shows the server's internals ('{inside}'): {text}");
        }
    }
}
