using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Khyber.Api.Tests.Support;

/// <summary>The built <c>khyber</c> command line, started as the operator starts it: a process of its own.</summary>
public static partial class CommandLineProcess
{
    /// <summary>Next to the server of this test build (the test command builds the whole solution first).</summary>
    public static string Dll
    {
        get
        {
            var server = ServerProcess.ServerDll; // src/Khyber.Api/bin/<configuration>/net10.0/Khyber.Api.dll
            var dll = server.Replace(Path.Combine("src", "Khyber.Api"), Path.Combine("src", "Khyber.Cli"), StringComparison.Ordinal).Replace("Khyber.Api.dll", "khyber.dll", StringComparison.Ordinal);
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the command line first: {dll} is missing.");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>Runs <c>khyber ARGS</c>; the exit code and what it wrote, its lines joined (the console wraps long lines).</summary>
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, Spaces().Replace(await output + " " + await error, " ").Trim());
    }
}
