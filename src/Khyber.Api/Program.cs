using Khyber.Api.Audit;
using Khyber.Api.Auth;
using Khyber.Api.Carriers;
using Khyber.Api.Commitments;
using Khyber.Api.Crossings;
using Khyber.Api.Demo;
using Khyber.Api.Exports;
using Khyber.Api.Forecasts;
using Khyber.Api.Incidents;
using Khyber.Api.Infrastructure;
using Khyber.Api.Notices;
using Khyber.Api.Notifications;
using Khyber.Api.Pages.Shared;
using Khyber.Api.Queue;
using Khyber.Api.Reports;
using Khyber.Api.Sms;
using Khyber.Api.Tracking;
using Khyber.Api.Trucks;
using Khyber.Api.Users;
using Khyber.Storage;
using Khyber.Storage.Audit;
using Microsoft.AspNetCore.DataProtection;

// The settings, pages and static files are read from beside the server, so that it behaves the same whichever
// directory it is started from (a systemd unit, a container, a shell elsewhere).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
builder.Services.AddKhyberProblems();
builder.Services.AddKhyberReverseProxy(builder.Configuration);
builder.Services.AddKhyberStorage(builder.Configuration);
builder.Services.AddKhyberAuth(builder.Configuration);
builder.Services.AddKhyberPages();
// The keys behind the pages' cookies and form tokens live in the database, so every instance accepts what another issued.
builder.Services.AddDataProtection().SetApplicationName("Khyber").PersistKeysToDbContext<KhyberDb>();
builder.Services.AddScoped<Idempotency>();
builder.Services.AddSingleton<WorkCounters>();
builder.Services.AddSingleton<StatusBoard>();
builder.Services.AddSingleton<PublicCaching>();
builder.Services.AddSingleton<LiveFragments>();
builder.Services.AddHostedService<StatusWatch>();
builder.Services.AddSingleton<ForecastCache>();
builder.Services.AddSingleton<RateLimits>();
builder.Services.AddSingleton<CarrierCapSetting>();
builder.Services.AddScoped<AuditIdentity>();
builder.Services.AddSingleton(sp => PersonalDataKeySetup.Create(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILogger<PersonalDataKey>>()));
builder.Services.AddSingleton<SmsSettings>();
builder.Services.AddSingleton<DriverMessages>();
builder.Services.AddHttpClient(SmsSender.Client);
builder.Services.AddSingleton<SmsSender>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<SmsSender>());
builder.Services.AddKhyberUseCases();
builder.Services.AddScoped<OperationsTick>();
builder.Services.AddHostedService<OperationsClock>();
builder.Services.AddHostedService<EvaluationClock>();
builder.Services.AddHostedService<Khyber.Api.Privacy.RetentionClock>();
builder.Services.AddSingleton<ReportPrinter>();
builder.Services.AddScoped<DemoSeeder>();
builder.Services.AddSingleton<FirstStart>();
builder.Services.AddSingleton<EventFeed>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<EventFeed>());
builder.Services.AddSingleton<IHostResolver, DnsHostResolver>();
builder.Services.AddSingleton<WebhookDestinationGuard>();
builder.Services.AddHttpClient(WebhookDispatcher.Client, c => c.Timeout = WebhookDispatcher.Timeout(builder.Configuration))
    .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookDestinationGuard>().Handler());
builder.Services.AddSingleton<WebhookDispatcher>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
builder.Services.AddKhyberOpenApi();
builder.Services.AddHealthChecks().AddDbContextCheck<KhyberDb>("database");
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 1024 * 1024);

var app = builder.Build();

await StorageSetup.MigrateAsync(app.Services);
await DemoSeeder.SeedIfEnabledAsync(app);
await FirstStart.RunAsync(app);

app.UseForwardedHeaders();
app.UseKhyberSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseKhyberPages();
app.UseKhyberApiReferencePolicy();
app.UseAuthentication();
app.UseKhyberEnrolmentGate();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapKhyberApiReference();
app.MapHealthChecks("/health").WithTags("Service");
app.MapGet("/api/v1/ping", () => TypedResults.Ok(new PingView(true)))
    .WithTags("Service").WithName("Ping").WithSummary("A trivial answer, to compare the cost of real endpoints against.");
app.MapAuth();
app.MapUsers();
app.MapCarriers();
app.MapCrossings();
app.MapNotices();
app.MapTrucks();
app.MapQueue();
app.MapCallLog();
app.MapForecasts();
app.MapIncidents();
app.MapCommitments();
app.MapReports();
app.MapAudit();
app.MapExports();
app.MapEventStream();
app.MapAtomFeed();
app.MapWebhooks();
app.MapSms();
app.MapTracking();
app.MapKhyberPages();

app.Run();

/// <summary>The trivial answer of <c>/api/v1/ping</c>.</summary>
public sealed record PingView(bool Pong);

/// <summary>Entry point, visible to the test host.</summary>
public partial class Program;
