using System.Diagnostics;
using System.Globalization;

/// <summary>
/// The server process's CPU time (user + system) from <c>/proc/&lt;pid&gt;/stat</c>: what a request costs the server,
/// a figure that means something on a shared machine where latency depends on who else is running.
/// </summary>
internal sealed class ServerCpu(int pid)
{
    private static readonly double TicksPerSecond = ClockTicks();

    /// <summary>CPU seconds the server has used so far.</summary>
    public double Seconds()
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are plain.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name and state.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    public static ServerCpu? Of(int? pid) => pid is { } p && File.Exists($"/proc/{p}/stat") ? new ServerCpu(p) : null;

    private static double ClockTicks()
    {
        try
        {
            using var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
            var text = getconf.StandardOutput.ReadToEnd().Trim();
            getconf.WaitForExit();
            return double.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FormatException)
        {
            return 100;
        }
    }
}
