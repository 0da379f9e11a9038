using System.Collections.Concurrent;
using Khyber.Api.Queue;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Khyber.Api.Tests.Support;

/// <summary>The real application on a real database, with a fake clock the test moves by hand.</summary>
public sealed class KhyberFactory(
    string connectionString, bool runClock = false, IReadOnlyDictionary<string, string>? settings = null, string environment = "Testing",
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Every test starts at the same instant.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 6, 0, 0, TimeSpan.Zero);

    /// <summary>The shared secret Kannel sends back to Khyber in the tests.</summary>
    public const string SmsSecret = "test-sms-callback-secret-0123456789";

    /// <summary>The audit log's key for personal data in the tests.</summary>
    public const string PersonalDataKey = "test-personal-data-key-that-is-long-enough-0123";

    public FakeTimeProvider Time { get; } = new(Start);

    public string ConnectionString { get; } = connectionString;

    /// <summary>What the server logged at Information or above from its own code (Khyber.*), for tests of what it says.</summary>
    public ConcurrentQueue<(LogLevel Level, string Message)> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("Storage:Provider", TestDatabase.Provider);
        builder.UseSetting("ConnectionStrings:Khyber", ConnectionString);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Demo:Password", TestDatabase.Password);
        builder.UseSetting("Auth:PasswordHashIterations", "1000");
        builder.UseSetting("Auth:SigningKey", "test-signing-key-that-is-long-enough-0123456789");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // The test users sign in with a password alone; the second factor tests require one for the roles they choose.
        builder.UseSetting("Auth:SecondFactorRoles", "");
        // EF logs the missing history table of a brand-new database as an error; it is not one.
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Critical");
        // Rate limits stay out of the way of the other suites; the abuse tests set their own.
        foreach (var limit in new[] { "SignInPerAddressPerMinute", "SignInPerUserPerMinute", "RegistrationsPerAddressPerMinute", "RegistrationsPerUserPerMinute", "CarrierApplicationsPerAddressPerHour", "DriverTextsPerNumberPerHour", "TrackingPerAddressPerMinute" })
        {
            builder.UseSetting($"RateLimits:{limit}", "100000");
        }
        // So is the cap on a carrier's waiting trucks (some suites register a hundred for one carrier); the cap tests set theirs.
        builder.UseSetting("Queue:MaxWaitingPerCarrier", "100000");
        // Drivers are texted in every test, through a Kannel that is not there (a closed port): messages are written and
        // wait. The SMS tests start a real Kannel and point Sms:KannelUrl at it.
        builder.UseSetting("Sms:Provider", "kannel");
        builder.UseSetting("Sms:KannelUrl", "http://127.0.0.1:9/cgi-bin/sendsms");
        builder.UseSetting("Sms:CallbackSecret", SmsSecret);
        builder.UseSetting("Sms:CallbackUrl", "http://127.0.0.1:9");
        builder.UseSetting("Audit:PersonalDataKey", PersonalDataKey);
        // The tests' webhook receivers listen on the loopback, which only an administrator's allow list opens; plain
        // http, as on a developer's machine. The security tests set their own.
        builder.UseSetting("Webhooks:AllowedHosts", "127.0.0.1");
        builder.UseSetting("Webhooks:RequireHttps", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        // Only the sink hears the server's Information messages; the console stays at warnings.
        builder.ConfigureLogging(logging => logging.AddProvider(new LogSink(Logs)).AddFilter<LogSink>("Khyber", LogLevel.Information));
        builder.ConfigureServices(collection =>
        {
            collection.RemoveAll<TimeProvider>();
            collection.AddSingleton<TimeProvider>(Time);
            services?.Invoke(collection);
            if (!runClock)
            {
                // Tests run the operations tick, the measuring of commitments and the retention rule themselves, at the instants they choose.
                collection.Remove(collection.Single(d => d.ImplementationType == typeof(OperationsClock)));
                collection.Remove(collection.Single(d => d.ImplementationType == typeof(Khyber.Api.Commitments.EvaluationClock)));
                collection.Remove(collection.Single(d => d.ImplementationType == typeof(Khyber.Api.Privacy.RetentionClock)));
            }
        });
    }
}

/// <summary>Keeps the messages of the server's own loggers (Khyber.*) in memory.</summary>
internal sealed class LogSink(ConcurrentQueue<(LogLevel Level, string Message)> logs) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName.StartsWith("Khyber.", StringComparison.Ordinal) ? logs : null);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel Level, string Message)>? logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logs is not null && logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs!.Enqueue((logLevel, formatter(state, exception)));
            }
        }
    }
}
