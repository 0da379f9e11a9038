using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Khyber.Api.Tests.Support;

namespace Khyber.Web.Tests.Support;

/// <summary>
/// The published server as a separate process, started as docs/deploy.md says a deployment starts it: <c>dotnet
/// Khyber.Api.dll</c> in Production, from an unrelated working directory, with only the settings a deployment sets
/// (<c>ASPNETCORE_URLS</c>, <c>Storage__Provider</c>, <c>ConnectionStrings__Khyber</c>, <c>Auth__SigningKey</c>; and <c>Auth__SecondFactorRoles</c> empty, so that the walk through needs no authenticator) — no
/// demo, no logging override — and everything it writes kept, to read its log.
/// </summary>
/// <remarks>
/// Unlike the API tests' <c>ServerProcess</c> (the built server in Development, its log silenced), nothing here stands
/// in for the settings beside the server's own files: reading them is part of what is tested.
/// </remarks>
public sealed class PublishedServer(string serverDll, string workingDirectory, string connectionString) : IAsyncDisposable
{
    /// <summary>How long the server may take to migrate a new database and answer, on a busy machine.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public Uri Url { get; } = new($"http://127.0.0.1:{FreePort()}");

    public string WorkingDirectory => workingDirectory;

    public string ConnectionString => connectionString;

    /// <summary>What the server wrote to standard output and error, a line each, in order.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>The server's log (JSON lines on standard output, as in production), read back as entries.</summary>
    public IReadOnlyList<LogLine> Log => [.. Output.Select(LogLine.Parse)];

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(serverDll);
        // Nothing of the test run's own environment may stand in for what a deployment sets.
        foreach (var name in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "DOTNET_ENVIRONMENT").ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/');
        start.Environment["Storage__Provider"] = TestDatabase.Provider;
        start.Environment["ConnectionStrings__Khyber"] = connectionString;
        start.Environment["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        // The walk through signs in every role with a password alone; the second factor has its own tests.
        start.Environment["Auth__SecondFactorRoles"] = "";

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Eventually.UntilAsync(() => HealthyAsync(_process, probe), healthy => healthy, StartTimeout, $"the published server on {Url} to answer /health", TimeSpan.FromMilliseconds(250));
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task<bool> HealthyAsync(Process process, HttpClient probe)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The published server exited with code {process.ExitCode} while starting: {string.Join('\n', Output.TakeLast(30))}");
        }
        try
        {
            using var response = await probe.GetAsync(new Uri(Url, "/health"));
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>A client of the server's API with no token.</summary>
    public HttpClient Client() => new() { BaseAddress = Url, Timeout = TimeSpan.FromMinutes(1) };

    public ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One line of the server's JSON console log: its level, category, event and message (the raw line when it is not JSON).</summary>
public sealed record LogLine(string Level, string Category, int EventId, string Message)
{
    public static LogLine Parse(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var e = json.RootElement;
            return new LogLine(e.GetProperty("LogLevel").GetString() ?? "", e.GetProperty("Category").GetString() ?? "", e.GetProperty("EventId").GetInt32(), e.GetProperty("Message").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new LogLine("", "", 0, line);
        }
    }

    public override string ToString() => $"{Level} {Category}[{EventId}]: {Message}";
}
