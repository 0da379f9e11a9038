using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// The real server as a separate operating-system process on a loopback port, so a test can kill it the way a
/// crash would (SIGKILL: no shutdown, no flushing) and start it again on the same database.
/// </summary>
public sealed class ServerProcess(string connectionString, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private Process? _process;
    private string? _home;

    public int Port { get; } = FreePort();

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public bool Running => _process is { HasExited: false };

    /// <summary>The built server next to this test build (the test command builds the whole solution first).</summary>
    public static string ServerDll
    {
        get
        {
            var here = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = here.Parent!.Name; // bin/<configuration>/net10.0
            var root = here;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Khyber.slnx")))
            {
                root = root.Parent;
            }
            var dll = Path.Combine(root?.FullName ?? "", "src", "Khyber.Api", "bin", configuration, "net10.0", "Khyber.Api.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the server first: {dll} is missing.");
        }
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
        };
        start.ArgumentList.Add(ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(Url.ToString().TrimEnd('/'));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Storage__Provider"] = TestDatabase.Provider;
        start.Environment["ConnectionStrings__Khyber"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // A home of its own, as on a machine of its own: nothing the framework keeps under the home directory
        // (such as a key ring for cookies) is shared with another instance except through the database.
        _home ??= Directory.CreateTempSubdirectory("khyber-home-").FullName;
        start.Environment["HOME"] = _home;
        // The tests' webhook receivers listen on the loopback, which only the administrator's allow list opens.
        start.Environment["Webhooks__AllowedHosts"] = "127.0.0.1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drain the output so the server never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.UntilAsync(() => HealthyAsync(_process, probe), healthy => healthy, TimeSpan.FromSeconds(90), $"the server on {Url} to answer /health", TimeSpan.FromMilliseconds(200));
    }

    private async Task<bool> HealthyAsync(Process process, HttpClient probe)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"The server exited with code {process.ExitCode} while starting.");
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

    /// <summary>SIGKILL: the process gets no chance to finish anything.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        if (_home is not null)
        {
            Directory.Delete(_home, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
