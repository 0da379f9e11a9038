namespace Khyber.Cli;

/// <summary>
/// The <c>khyber</c> executable. In a namespace of its own (not top-level statements), so that it is not confused with
/// the server's <c>Program</c>, whose assembly the command line references for its account use cases.
/// </summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => KhyberCommandLine.RunAsync(args);
}
