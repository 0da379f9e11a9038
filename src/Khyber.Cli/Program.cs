using Khyber.Cli;
using Spectre.Console.Cli;

// Every verb registers itself (see IVerb), so adding one is adding its file.
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("khyber");
    config.PropagateExceptions();
    Verbs.RegisterAll(config);
});

try
{
    return await app.RunAsync(args);
}
catch (CommandAppException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}
