using Khyber.Cli;
using Spectre.Console;

namespace Khyber.Api.Tests.Support;

/// <summary>
/// The <c>khyber</c> command line run inside the test process, its console captured: for tests that want its verdict on
/// their own database without starting a process (<see cref="CommandLineProcess"/> starts one, as an operator does).
/// </summary>
public static class CommandLineInProcess
{
    // The console is one for the whole process, and tests of different classes run at the same time: one run at a time.
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>Runs <c>khyber ARGS</c>; the exit code and what it wrote (no colours, lines up to 400 characters).</summary>
    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        await Turn.WaitAsync();
        var output = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        AnsiConsole.Console.Profile.Width = 400;
        try
        {
            var code = await KhyberCommandLine.RunAsync(args);
            return (code, output.ToString());
        }
        finally
        {
            AnsiConsole.Console = previous;
            Turn.Release();
        }
    }

    /// <summary>How the command line is told the test's own database.</summary>
    public static string[] Source(TestApp app) => CommandLineProcess.Database(app.Factory.ConnectionString);
}
