using Khyber.Simulation;
using Spectre.Console;

namespace Khyber.Cli.Forecasts;

/// <summary>Reads a forecast input file and reports what is wrong with it as <c>FILE:LINE:COLUMN: field: message</c>, the way compilers do, so an editor can jump there.</summary>
internal static class InputFile
{
    public static bool TryRead(IAnsiConsole console, string file, out string json, out object input)
    {
        json = "";
        input = null!;
        try
        {
            json = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]Cannot read {file}:[/] {e.Message}");
            return false;
        }

        try
        {
            input = ForecastInput.Parse(json);
            return true;
        }
        catch (ForecastInputException e)
        {
            PrintErrors(console, file, json, e);
            return false;
        }
    }

    /// <summary>One line per field in error, in the order they appear in the file.</summary>
    public static void PrintErrors(IAnsiConsole console, string file, string json, ForecastInputException e)
    {
        var located = e.Errors
            .Select(error => (Error: error, Position: ForecastInput.Locate(json, error.Key)))
            .OrderBy(x => x.Position?.Line ?? 0)
            .ThenBy(x => x.Position?.Column ?? 0);
        foreach (var ((field, messages), position) in located)
        {
            var where = position is { } p ? $"{file}:{p.Line}:{p.Column}" : file;
            var name = field.Length == 0 || field == "$" ? "(file)" : field;
            if (Console.IsErrorRedirected)
            {
                // One line per error, unwrapped, for editors and scripts that read FILE:LINE:COLUMN.
                Console.Error.WriteLine($"{where}: {name}: {string.Join("; ", messages)}");
            }
            else
            {
                console.MarkupLineInterpolated($"{where}: [red]{name}[/]: {string.Join("; ", messages)}");
            }
        }
    }
}
