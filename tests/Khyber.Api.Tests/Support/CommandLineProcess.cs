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

    /// <summary>How the command line is told a test database: <c>--postgres CONNECTION</c>, or the SQLite file.</summary>
    public static string[] Database(string connection) => TestDatabase.IsPostgres
        ? ["--postgres", connection]
        : [new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>
    /// Runs <c>khyber ARGS</c>, with <paramref name="input"/> (a password, say) as a line on standard input; the exit code
    /// and what it wrote, its lines joined (the console wraps long lines; the tests read words, not layout).
    /// </summary>
    public static async Task<(int Code, string Output)> RunAsync(string[] args, string? input = null)
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
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteLineAsync(input);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, Spaces().Replace(await output + " " + await error, " ").Trim());
    }
}
