using Spectre.Console.Cli;

namespace Khyber.Cli;

/// <summary>The <c>khyber</c> command line, built once for the program and for tests that run it in-process.</summary>
public static class KhyberCommandLine
{
    public static CommandApp Create()
    {
        // Every verb registers itself (see IVerb), so adding one is adding its file.
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("khyber");
            config.PropagateExceptions();
            Verbs.RegisterAll(config);
        });
        return app;
    }

    /// <summary>Runs the command line; a usage error is exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            return await Create().RunAsync(args);
        }
        catch (CommandAppException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
