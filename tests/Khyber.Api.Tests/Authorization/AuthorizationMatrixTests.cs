using System.Net;
using System.Text.Json;
using Khyber.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Khyber.Api.Tests.Authorization;

/// <summary>
/// Every protected route × every kind of caller, against the product's role table. The expected
/// answers are written out below, cell by cell, and deliberately not computed from
/// <c>Permissions</c>: a change there that breaks the role table must fail here.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output)
{
    private const string Anonymous = "(anonymous)";

    /// <summary>The columns of the table. carrier.demo owns the subject trucks; the subjects are at Torkham.</summary>
    private static readonly string[] Callers =
    [
        Anonymous,
        "carrier.demo",        // the truck's own carrier
        "carrier2.demo",       // another carrier
        "pk.officer.torkham",  // officer of the crossing, PK side
        "af.officer.torkham",  // officer of the crossing, AF side
        "pk.officer.chaman",   // officer of another crossing, PK side
        "af.officer.chaman",   // officer of another crossing, AF side
        "pk.liaison",
        "af.liaison",
        "admin",               // the system administrator: no side
        "pk.admin",            // an administrator scoped to Pakistan's side
        "af.admin",            // an administrator scoped to Afghanistan's side
    ];

    // The answers a cell may expect.
    private const int U = 401;    // not signed in
    private const int F = 403;    // signed in, may not
    private const int N = 404;    // may not even see it
    private const int OK = 200;
    private const int C = 201;
    private const int NC = 204;
    private const int H = -200;   // 200, but the subject is not in the list (hidden from this caller)
    private const int V = 422;    // refused as invalid

    /// <summary>A route with the subject it acts on and the expected answer for each caller, in the order of <see cref="Callers"/>.</summary>
    private sealed record Route(string Name, Func<TestApp, Task<Guid>> Arrange, Func<HttpClient, Guid, Task<HttpResponseMessage>> Act, int[] Expected);

    private static readonly Route[] Routes =
    [
        //                                                                                                                               anon car  car2 pkT  afT  pkC  afC  pkL  afL  admin pkA afA
        new("GET /auth/me", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/auth/me"),                                  [U,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("POST /crossings/torkham/notices", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build()),                                          [U,   F,   F,   C,   C,   F,   F,   C,   C,   F,   F,   F]),
        new("POST /notices/{id}/acknowledgement (issued by AF)", app => IssueNotice(app, "af"),
            (c, id) => c.Post($"/api/v1/notices/{id}/acknowledgement", new { }),                                                         [U,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F,   F]),
        new("POST /notices/{id}/acknowledgement (issued by PK)", app => IssueNotice(app, "pk"),
            (c, id) => c.Post($"/api/v1/notices/{id}/acknowledgement", new { }),                                                         [U,   F,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F]),
        new("POST /trucks", _ => Task.FromResult(Guid.Empty), (c, _) => c.Post("/api/v1/trucks", new TruckBuilder().Build()),           [U,   C,   C,   F,   F,   F,   F,   F,   F,   F,   F,   F]),
        new("PATCH /crossings/torkham/directions/PK-AF", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.SendAsync(new HttpRequestMessage(HttpMethod.Patch, "/api/v1/crossings/torkham/directions/PK-AF") { Content = System.Net.Http.Json.JsonContent.Create(new { lanesOpen = 5 }) }),
                                                                                                                                         [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  F,   F]),
        new("GET /admin/crossings", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/crossings"),                 [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("GET /admin/crossings/torkham", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/crossings/torkham"), [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("POST /admin/crossings", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/admin/crossings", Crossings.CrossingAdministrationTests.NewCrossing()),                           [U,   F,   F,   F,   F,   F,   F,   F,   F,   C,   F,   F]),
        new("PUT /admin/crossings/torkham", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/crossings/torkham") { Content = System.Net.Http.Json.JsonContent.Create(CrossingSettings()) }),
                                                                                                                                         [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  F,   F]),
        new("GET /trucks/{id}", app => Truck(app, "PK-AF"), (c, id) => c.GetAsync($"/api/v1/trucks/{id}"),                              [U,   OK,  N,   OK,  OK,  N,   N,   OK,  OK,  OK,  OK,  OK]),
        new("GET /trucks", app => Truck(app, "PK-AF"), (c, _) => c.GetAsync("/api/v1/trucks"),                                          [U,   OK,  H,   OK,  OK,  H,   H,   OK,  OK,  OK,  OK,  OK]),
        new("GET /trucks?crossing=torkham", app => Truck(app, "PK-AF"), (c, _) => c.GetAsync("/api/v1/trucks?crossing=torkham"),         [U,   OK,  H,   OK,  OK,  F,   F,   OK,  OK,  OK,  OK,  OK]),
        new("POST /trucks/{id}/arrival (PK-AF)", app => Truck(app, "PK-AF"), (c, id) => c.Post($"/api/v1/trucks/{id}/arrival", null),   [U,   OK,  N,   OK,  F,   N,   N,   F,   F,   F,   F,   F]),
        new("POST /trucks/{id}/arrival (AF-PK)", app => Truck(app, "AF-PK"), (c, id) => c.Post($"/api/v1/trucks/{id}/arrival", null),   [U,   OK,  N,   F,   OK,  N,   N,   F,   F,   F,   F,   F]),
        new("POST /trucks/{id}/cancellation", app => Truck(app, "PK-AF"), (c, id) => c.Post($"/api/v1/trucks/{id}/cancellation", null), [U,   OK,  N,   F,   F,   N,   N,   F,   F,   OK,  OK,  OK]),
        new("POST /trucks/{id}/exit (PK-AF, called)", app => Truck(app, "PK-AF", called: true),
            (c, id) => c.Post($"/api/v1/trucks/{id}/exit", null),                                                                        [U,   F,   N,   OK,  F,   N,   N,   F,   F,   F,   F,   F]),
        new("POST /trucks/{id}/exit (AF-PK, called)", app => Truck(app, "AF-PK", called: true),
            (c, id) => c.Post($"/api/v1/trucks/{id}/exit", null),                                                                        [U,   F,   N,   F,   OK,  N,   N,   F,   F,   F,   F,   F]),
        new("POST /trucks/{id}/entry (PK-AF, exited)", app => Truck(app, "PK-AF", called: true, exited: true),
            (c, id) => c.Post($"/api/v1/trucks/{id}/entry", null),                                                                       [U,   F,   N,   F,   OK,  N,   N,   F,   F,   F,   F,   F]),
        new("POST /trucks/{id}/entry (AF-PK, exited)", app => Truck(app, "AF-PK", called: true, exited: true),
            (c, id) => c.Post($"/api/v1/trucks/{id}/entry", null),                                                                       [U,   F,   N,   OK,  F,   N,   N,   F,   F,   F,   F,   F]),
        new("POST /trucks/{id}/rejection", app => Truck(app, "PK-AF"),
            (c, id) => c.Post($"/api/v1/trucks/{id}/rejection", new { reason = "Seal broken." }),                                      [U,   F,   N,   OK,  OK,  N,   N,   F,   F,   F,   F,   F]),
        new("GET /crossings/torkham/queue/PK-AF/calls (public call log)", Call,
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/queue/PK-AF/calls"),                                                         [OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("GET /crossings/torkham/queue/PK-AF", app => Truck(app, "PK-AF", waiting: true),
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/queue/PK-AF"),                                                               [U,   F,   F,   OK,  OK,  F,   F,   OK,  OK,  OK,  OK,  OK]),
        new("GET /crossings/torkham/queue/AF-PK", app => Truck(app, "AF-PK", waiting: true),
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/queue/AF-PK"),                                                               [U,   F,   F,   OK,  OK,  F,   F,   OK,  OK,  OK,  OK,  OK]),
        new("POST /crossings/torkham/queue/PK-AF/call", app => Truck(app, "PK-AF", waiting: true),
            (c, _) => c.Post("/api/v1/crossings/torkham/queue/PK-AF/call", new { count = 1 }),                                          [U,   F,   F,   OK,  F,   F,   F,   F,   F,   F,   F,   F]),
        new("POST /crossings/torkham/queue/AF-PK/call", app => Truck(app, "AF-PK", waiting: true),
            (c, _) => c.Post("/api/v1/crossings/torkham/queue/AF-PK/call", new { count = 1 }),                                          [U,   F,   F,   F,   OK,  F,   F,   F,   F,   F,   F,   F]),
        new("POST /forecasts", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/forecasts", new { crossingId = "torkham", direction = "PK-AF", closure = new { hours = 12 },
                horizonHours = 24, replications = 2, policy = "fifo" }),                                                                 [U,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK,  OK,  OK]),
        new("GET /forecasts/accuracy", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.GetAsync("/api/v1/forecasts/accuracy?crossingId=torkham"),                                                        [U,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK,  OK,  OK]),
        //                                                                                                                               anon car  car2 pkT  afT  pkC  afC  pkL  afL  admin pkA afA
        new("POST /incidents (PK at Torkham)", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/incidents", new IncidentBuilder().Build()),                                                        [U,   F,   F,   C,   F,   F,   F,   C,   F,   F,   F,   F]),
        new("POST /incidents/{id}/responses (reported by PK)", app => Registers.IncidentAsync(app),
            (c, id) => c.Post($"/api/v1/incidents/{id}/responses", new { stance = "dispute", statement = "Not so." }),                 [U,   F,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F]),
        new("POST /meetings", _ => Task.FromResult(Guid.Empty), (c, _) => c.Post("/api/v1/meetings", MeetingBuilder.Build()),        [U,   F,   F,   F,   F,   F,   F,   C,   C,   F,   F,   F]),
        new("POST /agreements", _ => Task.FromResult(Guid.Empty), (c, _) => c.Post("/api/v1/agreements", new { title = "Accord" }),  [U,   F,   F,   F,   F,   F,   F,   C,   C,   F,   F,   F]),
        new("GET /agreements", app => Registers.AgreementAsync(app), (c, _) => c.GetAsync("/api/v1/agreements"),                      [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("POST /agreements/{id}/commitments", app => Registers.AgreementAsync(app),
            (c, id) => c.Post($"/api/v1/agreements/{id}/commitments", new { obligorSide = "AF", text = "Keep Torkham open." }),        [U,   F,   F,   F,   F,   F,   F,   C,   C,   F,   F,   F]),
        new("GET /commitments", app => Registers.CommitmentAsync(app), (c, _) => c.GetAsync("/api/v1/commitments"),                   [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("GET /commitments/{id}", app => Registers.CommitmentAsync(app), (c, id) => c.GetAsync($"/api/v1/commitments/{id}"),       [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("POST /commitments/{id}/reports (owed by PK)", app => Registers.CommitmentAsync(app, obligor: "PK"),
            (c, id) => c.Post($"/api/v1/commitments/{id}/reports", new { status = "done", evidence = "Done." }),                      [U,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F,   F]),
        new("POST /commitments/{id}/disputes (owed by PK)", app => Registers.CommitmentAsync(app, obligor: "PK"),
            (c, id) => c.Post($"/api/v1/commitments/{id}/disputes", new { statement = "Not kept." }),                                 [U,   F,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F]),
        new("POST /commitments/{id}/disputes (owed by AF)", app => Registers.CommitmentAsync(app, obligor: "AF"),
            (c, id) => c.Post($"/api/v1/commitments/{id}/disputes", new { statement = "Not kept." }),                                 [U,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F,   F]),
        //                                                                                                                               anon car  car2 pkT  afT  pkC  afC  pkL  afL  admin pkA afA
        // Administration: any administrator sees every account, company and application; one scoped to a side opens and
        // changes only its own side's officials and carrier accounts; companies and applications belong to no side.
        new("GET /admin/users", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/users"),                           [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("GET /admin/users/{username}", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/users/af.liaison"),     [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("POST /admin/users (PK officer)", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/admin/users", new UserBuilder().Officer("PK").Build()),                                           [U,   F,   F,   F,   F,   F,   F,   F,   F,   C,   C,   F]),
        new("POST /admin/users (AF liaison)", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/admin/users", new UserBuilder().Named($"af.liaison.{Guid.NewGuid():N}"[..24]).Liaison("AF").Build()), [U,   F,   F,   F,   F,   F,   F,   F,   F,   C,   F,   C]),
        new("POST /admin/users (carrier)", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/admin/users", new UserBuilder().Carrier("khyber-freight").Build()),                               [U,   F,   F,   F,   F,   F,   F,   F,   F,   C,   C,   C]),
        new("POST /admin/users (administrator of no side)", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/admin/users", new UserBuilder().Admin(null).Build()),                                             [U,   F,   F,   F,   F,   F,   F,   F,   F,   C,   F,   F]),
        new("POST /admin/users/{PK officer}/disable", app => Account(app, new UserBuilder().Officer("PK")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/disable", null),                                                [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  F]),
        new("POST /admin/users/{AF officer}/disable", app => Account(app, new UserBuilder().Officer("AF")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/disable", null),                                                [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  F,   OK]),
        new("POST /admin/users/{PK liaison, disabled}/enable", app => Account(app, new UserBuilder().Liaison("PK"), disabled: true),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/enable", null),                                                 [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  F]),
        new("POST /admin/users/{AF liaison}/unlock", app => Account(app, new UserBuilder().Liaison("AF")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/unlock", null),                                                 [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  F,   OK]),
        new("POST /admin/users/{carrier}/password-reset", app => Account(app, new UserBuilder().Carrier("spin-ghar")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/password-reset", null),                                         [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("POST /admin/users/{PK administrator}/password-reset", app => Account(app, new UserBuilder().Admin("PK")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/password-reset", null),                                         [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  F]),
        new("POST /admin/users/{administrator of no side}/password-reset", app => Account(app, new UserBuilder().Admin(null)),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/password-reset", null),                                         [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  F,   F]),
        new("GET /admin/carriers", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/carriers"),                     [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("GET /admin/carriers/{id}", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/carriers/spin-ghar"),      [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("POST /admin/carriers", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/admin/carriers", CompanyBuilder.Company(registration: $"SECP-{Guid.NewGuid():N}"[..20])),          [U,   F,   F,   F,   F,   F,   F,   F,   F,   C,   C,   C]),
        // Public: a company applies without an account; so may anyone who is signed in.
        new("POST /carrier-applications", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/carrier-applications", CompanyBuilder.Application(registration: $"ACBR-{Guid.NewGuid():N}"[..20])), [C,   C,   C,   C,   C,   C,   C,   C,   C,   C,   C,   C]),
        new("GET /admin/carrier-applications", _ => Task.FromResult(Guid.Empty), (c, _) => c.GetAsync("/api/v1/admin/carrier-applications"), [U, F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("GET /admin/carrier-applications/{id}", CarrierApplication, (c, id) => c.GetAsync($"/api/v1/admin/carrier-applications/{id}"), [U, F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("POST /admin/carrier-applications/{id}/approval", CarrierApplication,
            (c, id) => c.Post($"/api/v1/admin/carrier-applications/{id}/approval", new { username = $"company.{id:N}"[..24] }),         [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        new("POST /admin/carrier-applications/{id}/rejection", CarrierApplication,
            (c, id) => c.Post($"/api/v1/admin/carrier-applications/{id}/rejection", new { reason = "Not in the registry." }),          [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  OK]),
        // Every signed-in user changes their own password (the anonymous caller must name the account: refused as invalid).
        new("POST /auth/password (own)", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/auth/password", new { currentPassword = TestDatabase.Password, newPassword = "Changed-pass-2027" }), [V,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        // Sessions: every signed-in user lists and ends their own, and no one else's (another user's session is unknown: 404).
        new("GET /auth/sessions (one of pk.liaison's)", app => LiaisonSession(app), (c, _) => c.GetAsync("/api/v1/auth/sessions"),    [U,   H,   H,   H,   H,   H,   H,   OK,  H,   H,   H,   H]),
        new("POST /auth/sessions/{id}/end (one of pk.liaison's)", app => LiaisonSession(app),
            (c, id) => c.Post($"/api/v1/auth/sessions/{id}/end", null),                                                                 [U,   N,   N,   N,   N,   N,   N,   NC,  N,   N,   N,   N]),
        new("POST /auth/sign-out-everywhere", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/auth/sign-out-everywhere", null),                                                                 [U,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        // The second factor: every signed-in user enrols and (where the role does not require one — none here) removes their own.
        new("POST /auth/second-factor", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.Post("/api/v1/auth/second-factor", null),                                                                       [U,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("POST /auth/second-factor/confirmation (own, pending)", _ => Task.FromResult(Guid.Empty),
            (c, _) => SecondFactor(c, remove: false),                                                                                   [U,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("DELETE /auth/second-factor (own, enrolled)", _ => Task.FromResult(Guid.Empty),
            (c, _) => SecondFactor(c, remove: true),                                                                                    [U,   NC,  NC,  NC,  NC,  NC,  NC,  NC,  NC,  NC,  NC,  NC]),
        new("POST /admin/users/{PK liaison}/second-factor/reset", app => Account(app, new UserBuilder().Liaison("PK")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/second-factor/reset", null),                                    [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  OK,  F]),
        new("POST /admin/users/{AF officer}/second-factor/reset", app => Account(app, new UserBuilder().Officer("AF")),
            (c, id) => c.Post($"/api/v1/admin/users/{AccountName(id)}/second-factor/reset", null),                                    [U,   F,   F,   F,   F,   F,   F,   F,   F,   OK,  F,   OK]),
        new("GET /commitments/{id}/evaluations", app => Registers.MeasuredCommitmentAsync(app), (c, id) => c.GetAsync($"/api/v1/commitments/{id}/evaluations"),
                                                                                                                                         [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("GET /commitments/{id}/evaluations/2026-11-27", app => Registers.MeasuredCommitmentAsync(app),
            (c, id) => c.GetAsync($"/api/v1/commitments/{id}/evaluations/2026-11-27"),                                                   [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("POST /commitments/{id}/evaluations/2026-11-27/disputes (owed by PK)", app => Registers.MeasuredCommitmentAsync(app, obligor: "PK"),
            (c, id) => c.Post($"/api/v1/commitments/{id}/evaluations/2026-11-27/disputes", new { statement = "Not so." }),             [U,   F,   F,   F,   F,   F,   F,   F,   C,   F,   F,   F]),
        new("GET /crossings/torkham/reports/2026-11-27", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/reports/2026-11-27"),                                                        [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("GET /crossings/torkham/reports/2026-11-27.pdf", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/reports/2026-11-27.pdf"),                                                    [U,   F,   F,   OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK]),
        new("POST /crossings/torkham/reports/2026-11-27/countersignatures", async app => { _head = await Registers.ReportHeadAsync(app); return Guid.Empty; },
            (c, _) => c.Post("/api/v1/crossings/torkham/reports/2026-11-27/countersignatures", new { headHash = _head }),               [U,   F,   F,   F,   F,   F,   F,   C,   C,   F,   F,   F]),
        new("GET /crossings/torkham/exports/trucks.csv", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/exports/trucks.csv?from=2026-11-01&to=2026-11-28&status=crossed"),              [U,   F,   F,   OK,  OK,  F,   F,   OK,  OK,  OK,  OK,  OK]),
        new("GET /crossings/torkham/exports/incidents.csv", _ => Task.FromResult(Guid.Empty),
            (c, _) => c.GetAsync("/api/v1/crossings/torkham/exports/incidents.csv?from=2026-11-01&to=2026-11-28"),                          [U,   F,   F,   OK,  OK,  F,   F,   OK,  OK,  OK,  OK,  OK]),
    ];

    /// <summary>77 routes × 12 callers; a route dropped from the table must be dropped here on purpose.</summary>
    private const int ExpectedCases = 924;

    /// <summary>The report head the countersignature cells sign, read when each cell arranges its subject.</summary>
    private static string _head = "";

    [Fact]
    public async Task Every_protected_route_answers_every_kind_of_caller_as_the_role_table_says()
    {
        Assert.All(Routes, r => Assert.True(r.Expected.Length == Callers.Length, $"{r.Name}: {r.Expected.Length} expectations for {Callers.Length} callers"));
        var cases = 0;
        var mismatches = new List<string>();
        foreach (var route in Routes)
        {
            // A fresh database per route; within it every cell arranges its own subject.
            await using var app = await TestApp.StartAsync();
            for (var i = 0; i < Callers.Length; i++)
            {
                cases++;
                var cell = $"{route.Name} × {Callers[i]}";
                try
                {
                    if (await CheckCell(app, route, Callers[i], route.Expected[i]) is { } mismatch)
                    {
                        mismatches.Add($"{cell}: {mismatch}");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    mismatches.Add($"{cell}: {e.GetType().Name}: {e.Message}");
                }
            }
        }

        var summary = $"Authorization matrix: {cases} cases ({Routes.Length} routes × {Callers.Length} callers), {mismatches.Count} wrong";
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.True(cases >= ExpectedCases, $"only {cases} cases ran; expected at least {ExpectedCases}");
    }

    /// <summary>
    /// The driver's mobile number, tracking code and texts on <c>GET /trucks/{id}</c>, caller by caller, written out: the
    /// truck's carrier and the officers of its crossing (either side) see them; liaisons and administrators see the
    /// truck without them; everyone else does not see the truck.
    /// </summary>
    [Fact]
    public async Task Only_the_carrier_and_the_crossings_officers_see_the_drivers_contact()
    {
        const int S = 1;   // sees the truck and the driver's contact
        const int X = 2;   // sees the truck, not the contact
        //                       anon car  car2 pkT  afT  pkC  afC  pkL  afL  admin pkA  afA
        int[] expected =        [U,   S,   N,   S,   S,   N,   N,   X,   X,   X,   X,   X];
        await using var app = await TestApp.StartAsync();
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().Phone("+93 70 123 4567", "ps").Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        var wrong = new List<string>();
        for (var i = 0; i < Callers.Length; i++)
        {
            var client = Callers[i] == Anonymous ? app.Anonymous() : await app.As(Callers[i]);
            using var response = await client.GetAsync($"/api/v1/trucks/{id}");
            var text = await response.Content.ReadAsStringAsync();
            var seen = (int)response.StatusCode is var status && status != OK ? status
                : JsonDocument.Parse(text).RootElement is var view && view.GetProperty("driver").GetProperty("phone").ValueKind == JsonValueKind.String
                    && view.GetProperty("trackingCode").ValueKind == JsonValueKind.String && view.GetProperty("messages").ValueKind == JsonValueKind.Array ? S
                : view.GetProperty("driver").GetProperty("phone").ValueKind == JsonValueKind.Null && view.GetProperty("trackingCode").ValueKind == JsonValueKind.Null
                    && view.GetProperty("messages").ValueKind == JsonValueKind.Null ? X
                : -1;
            if (seen != expected[i])
            {
                wrong.Add($"{Callers[i]}: expected {expected[i]}, got {seen}: {Shorten(text)}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>Runs one cell; returns what was wrong, or null.</summary>
    private static async Task<string?> CheckCell(TestApp app, Route route, string caller, int expected)
    {
        var subject = await route.Arrange(app);
        var before = await Stored(app);
        var client = caller == Anonymous ? app.Anonymous() : await app.As(caller);
        using var response = await route.Act(client, subject);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        var expectedStatus = expected == H ? OK : expected;
        if (status != expectedStatus)
        {
            return $"expected {expectedStatus}, got {status}: {Shorten(text)}";
        }
        if (expected is U or F or N)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                return $"{status} without problem details ({response.Content.Headers.ContentType?.MediaType ?? "no body"})";
            }
            // A refusal changes nothing.
            var after = await Stored(app);
            if (after != before)
            {
                return $"refused with {status}, but the database changed:{Environment.NewLine}  before {before}{Environment.NewLine}  after  {after}";
            }
        }
        if (subject != Guid.Empty && response.RequestMessage?.Method == HttpMethod.Get && text.StartsWith('['))
        {
            // A list: the subject is in it exactly for the callers who may see it (a commitment's evaluations name it).
            var ids = JsonDocument.Parse(text).RootElement.EnumerateArray()
                .Select(e => e.TryGetProperty("commitmentId", out var commitment) ? commitment.GetGuid()
                    : e.TryGetProperty("id", out var id) ? id.GetGuid() : e.GetProperty("truckId").GetGuid())
                .ToHashSet();
            var shouldList = expected != H;
            if (ids.Contains(subject) != shouldList)
            {
                return shouldList ? "the subject is missing from the list" : "the list shows a subject this caller may not see";
            }
        }
        return null;
    }

    /// <summary>What a refused request must leave untouched: the registers, trucks and their states, notices and their acknowledgements, accounts, companies and applications.</summary>
    private static Task<string> Stored(TestApp app) => app.Db(async db =>
    {
        var trucks = await db.Trucks.AsNoTracking().Select(t => new { t.Id, t.Status }).ToListAsync();
        var notices = await db.Notices.AsNoTracking().Select(n => new { n.Id, n.AcknowledgedBy }).ToListAsync();
        var keys = await db.IdempotencyRecords.CountAsync();
        var registers = $"incidents {await db.Incidents.CountAsync()}/{await db.IncidentResponses.CountAsync()} meetings {await db.Meetings.CountAsync()} "
            + $"agreements {await db.Agreements.CountAsync()} commitments {await db.Commitments.CountAsync()}/{await db.ComplianceReports.CountAsync()}/{await db.CommitmentDisputes.CountAsync()} "
            + $"evaluations {await db.CommitmentEvaluations.CountAsync()}/{await db.EvaluationDisputes.CountAsync()} countersignatures {await db.ReportCountersignatures.CountAsync()}";
        var crossings = await db.Crossings.AsNoTracking().Include(c => c.Sides).Include(c => c.Directions).AsSplitQuery().ToListAsync();
        return $"{registers} trucks [{string.Join(", ", trucks.OrderBy(t => t.Id).Select(t => $"{t.Id.ToString()[..8]}:{t.Status}"))}] "
            + $"notices [{string.Join(", ", notices.OrderBy(n => n.Id).Select(n => $"{n.Id.ToString()[..8]}:{n.AcknowledgedBy ?? "-"}"))}] idempotency {keys} "
            + $"crossings [{string.Join(", ", crossings.OrderBy(c => c.Id).Select(c => $"{c.Id}:{c.Name}:{string.Join("/", c.Sides.OrderBy(x => x.Side).Select(x => $"{x.TimeZone}@{x.OpensAt}-{x.ClosesAt}"))}:{string.Join("/", c.Directions.OrderBy(d => d.Direction).Select(d => d.LanesOpen))}"))}]"
            + " " + await BadInput.Stored.AccountsOf(db);
    });

    /// <summary>Torkham's settings with Kabul's gate open 06:00–22:00: a valid change that strands nobody.</summary>
    private static System.Text.Json.Nodes.JsonObject CrossingSettings()
    {
        var body = Crossings.CrossingAdministrationTests.NewCrossing();
        body.Remove("id");
        body["sides"]![1]!["opensAt"] = "06:00";
        body["sides"]![1]!["closesAt"] = "22:00";
        return body;
    }

    /// <summary>A new session of pk.liaison's (a sign-in of its own, not the one the matrix acts with), by its id.</summary>
    /// <summary>
    /// The caller begins a second factor and confirms it with its code at the tests' start (the matrix does not move
    /// the clock); with <paramref name="remove"/>, then removes it with a recovery code. A refused step is the answer.
    /// </summary>
    private static async Task<HttpResponseMessage> SecondFactor(HttpClient c, bool remove)
    {
        var begun = await c.Post("/api/v1/auth/second-factor", null);
        if (!begun.IsSuccessStatusCode)
        {
            return begun;
        }
        var secret = (await begun.Json(HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret)).ComputeTotp(KhyberFactory.Start.UtcDateTime);
        var confirmed = await c.Post("/api/v1/auth/second-factor/confirmation", new { otp = code });
        if (!remove || !confirmed.IsSuccessStatusCode)
        {
            return confirmed;
        }
        var recovery = (await confirmed.Json(HttpStatusCode.OK)).GetProperty("recoveryCodes")[0].GetString();
        return await c.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/auth/second-factor") { Content = System.Net.Http.Json.JsonContent.Create(new { otp = recovery }) });
    }

    private static async Task<Guid> LiaisonSession(TestApp app) =>
        (await (await app.RequestToken("pk.liaison", TestDatabase.Password)).Json(HttpStatusCode.OK)).GetProperty("sessionId").GetGuid();

    /// <summary>An account opened by the system administrator for a cell to act on, named after the returned id (see <see cref="AccountName"/>).</summary>
    private static async Task<Guid> Account(TestApp app, UserBuilder account, bool disabled = false)
    {
        var id = Guid.NewGuid();
        var admin = await app.As("admin");
        await (await admin.Post("/api/v1/admin/users", account.Named(AccountName(id)).Build())).Json(HttpStatusCode.Created);
        if (disabled)
        {
            await (await admin.Post($"/api/v1/admin/users/{AccountName(id)}/disable", null)).Json(HttpStatusCode.OK);
        }
        return id;
    }

    private static string AccountName(Guid id) => $"acct.{id:N}";

    /// <summary>A pending application for carrier access, under a registration number of its own.</summary>
    private static async Task<Guid> CarrierApplication(TestApp app)
    {
        var body = CompanyBuilder.Application(registration: $"ACBR-{Guid.NewGuid():N}"[..20]);
        return (await (await app.Anonymous().Post("/api/v1/carrier-applications", body)).Json(HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    /// <summary>A notice issued at Torkham by the given side's officer.</summary>
    private static async Task<Guid> IssueNotice(TestApp app, string side)
    {
        var officer = await app.As($"{side}.officer.torkham");
        var notice = await (await officer.Post("/api/v1/crossings/torkham/notices", new NoticeBuilder().Build())).Json(HttpStatusCode.Created);
        return notice.GetProperty("id").GetGuid();
    }

    /// <summary>A truck of carrier.demo at Torkham in the direction, brought as far along its lifecycle as asked.</summary>
    private static async Task<Guid> Truck(TestApp app, string direction, bool waiting = false, bool called = false, bool exited = false)
    {
        var carrier = await app.As("carrier.demo");
        var truck = await (await carrier.Post("/api/v1/trucks", new TruckBuilder().At("torkham", direction).Build())).Json(HttpStatusCode.Created);
        var id = truck.GetProperty("id").GetGuid();
        if (!(waiting || called || exited))
        {
            return id;
        }
        await (await carrier.Post($"/api/v1/trucks/{id}/arrival", null)).Json(HttpStatusCode.OK);
        if (!(called || exited))
        {
            return id;
        }
        var departure = await app.As(direction == "PK-AF" ? "pk.officer.torkham" : "af.officer.torkham");
        // Earlier cells may have left trucks waiting: call them all, so that this one is surely among them.
        var calledTrucks = await (await departure.Post($"/api/v1/crossings/torkham/queue/{direction}/call", new { count = 50 })).Json(HttpStatusCode.OK);
        Assert.Contains(id, calledTrucks.EnumerateArray().Select(t => t.GetProperty("id").GetGuid()));
        if (exited)
        {
            await (await departure.Post($"/api/v1/trucks/{id}/exit", null)).Json(HttpStatusCode.OK);
        }
        return id;
    }

    /// <summary>A call forward at Torkham, PK-AF: the subject is the call, which everyone finds in the public log.</summary>
    private static async Task<Guid> Call(TestApp app)
    {
        await Truck(app, "PK-AF", called: true);
        return (await app.Anonymous().GetJson("/api/v1/crossings/torkham/queue/PK-AF/calls?limit=1"))[0].GetProperty("id").GetGuid();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
