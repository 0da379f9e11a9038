using System.Reflection;
using Spectre.Console.Cli;

namespace Khyber.Cli;

/// <summary>A command-line verb: its file holds the command and its own registration.</summary>
public interface IVerb
{
    /// <summary>Adds the verb (or its branch, as in <c>audit verify</c>) to the command line.</summary>
    static abstract void Register(IConfigurator config);
}

internal static class Verbs
{
    public static void RegisterAll(IConfigurator config)
    {
        var verbs = typeof(Verbs).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsAssignableTo(typeof(IVerb)))
            .OrderBy(t => t.Name, StringComparer.Ordinal);
        foreach (var verb in verbs)
        {
            verb.GetMethod(nameof(IVerb.Register), BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [config]);
        }
    }
}
