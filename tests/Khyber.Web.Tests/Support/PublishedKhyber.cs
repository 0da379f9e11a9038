using System.Diagnostics;
using Khyber.Api.Tests.Support;
using Microsoft.Playwright;

namespace Khyber.Web.Tests.Support;

/// <summary>
/// Khyber as an authority installs it: the server and the command line published (<c>dotnet publish</c>, once per test
/// class) into folders of their own outside the repository, and Debian's Chromium to drive the pages. Each test starts
/// its own server from that output (<see cref="PublishedServer"/>) on its own empty database.
/// </summary>
public sealed class PublishedKhyber : IAsyncLifetime
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private IPlaywright? _playwright;

    /// <summary>A temporary folder holding <c>server/</c>, <c>cli/</c> and the servers' working directories.</summary>
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"khyber-published-{Guid.NewGuid():N}");

    public string ServerFolder => Path.Combine(Folder, "server");

    public string CliFolder => Path.Combine(Folder, "cli");

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        // The test command builds the whole solution first, so publishing only lays out what was built.
        await PublishAsync("Khyber.Api", ServerFolder);
        await PublishAsync("Khyber.Cli", CliFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserApp.LaunchAsync(_playwright);
    }

    /// <summary>Starts the published server on <paramref name="connectionString"/>, from a new working directory that has nothing of Khyber's in it.</summary>
    public async Task<PublishedServer> StartServerAsync(string connectionString)
    {
        var workingDirectory = Directory.CreateDirectory(Path.Combine(Folder, $"cwd-{Guid.NewGuid():N}")).FullName;
        var server = new PublishedServer(Path.Combine(ServerFolder, "Khyber.Api.dll"), workingDirectory, connectionString);
        try
        {
            await server.StartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pages of a running server, in this fixture's Chromium.</summary>
    public ExternalSite Site(PublishedServer server) => new(Browser, server.Url.ToString().TrimEnd('/'));

    /// <summary>
    /// Runs the published <c>khyber</c> as an operator does, with <paramref name="input"/> on standard input (as
    /// <c>echo "$PASSWORD" | khyber …</c>); the exit code and what it wrote, whitespace runs joined (the console wraps lines).
    /// </summary>
    public async Task<(int Code, string Output)> KhyberAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(CliFolder, "khyber"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Folder,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var (code, output) = await RunAsync(start, input, CommandTimeout);
        return (code, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " ").Trim());
    }

    private static async Task PublishAsync(string project, string output)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var arg in new[] { "publish", Path.Combine("src", project), "-c", Configuration, "--no-build", "-nologo", "-v", "q", "-o", output })
        {
            start.ArgumentList.Add(arg);
        }
        var (code, said) = await RunAsync(start, null, PublishTimeout);
        Assert.True(code == 0, $"dotnet publish {project} failed ({code}): {said}");
    }

    /// <summary>Runs a process to its end, killed (with its children) if it outlives <paramref name="timeout"/>.</summary>
    private static async Task<(int Code, string Output)> RunAsync(ProcessStartInfo start, string? input, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        return (process.ExitCode, await output + " " + await error);
    }

    /// <summary>The configuration this test build was made in: bin/&lt;configuration&gt;/net10.0.</summary>
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Khyber.slnx")))
            {
                dir = dir.Parent;
            }
            return dir?.FullName ?? throw new DirectoryNotFoundException("No Khyber.slnx above the test build.");
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A server's files may still be closing; the folder is temporary anyway.
        }
    }
}
