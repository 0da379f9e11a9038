using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;

namespace Khyber.Api.Tests.Support;

/// <summary>One SMS part as it reached the fake SMSC.</summary>
public sealed record FakeSmsPart(string Sender, string Receiver, bool Ucs2, string Text, int Reference, int Total, int Sequence);

/// <summary>A whole text as the phone would show it: its parts joined.</summary>
public sealed record FakeSms(string Sender, string Receiver, bool Ucs2, string Text, int Parts);

/// <summary>
/// A real Kannel (Debian's <c>bearerbox</c> and <c>smsbox</c>) on free loopback ports, with the fake SMSC of
/// <c>kannel-extras</c> standing in for the operator: <c>fakesmsc</c> prints every message it receives, and Kannel
/// answers each with a delivery report ("delivered") as a real operator would. A second fake SMSC link takes the
/// drivers' texts a test injects.
/// </summary>
/// <remarks>The configuration is written into a temporary folder; everything started is killed on dispose.</remarks>
public sealed partial class KannelGateway : IAsyncDisposable
{
    public const string User = "khyber";
    private const string Bearerbox = "/usr/sbin/bearerbox";
    private const string Smsbox = "/usr/sbin/smsbox";
    private const string FakeSmsc = "/usr/lib/kannel/test/fakesmsc";

    private readonly string _dir = Directory.CreateTempSubdirectory("khyber-kannel-").FullName;
    private readonly int _admin = FreePort();
    private readonly int _boxes = FreePort();
    private readonly int _phones = FreePort();
    private readonly int _inject = FreePort();
    private readonly ConcurrentQueue<FakeSmsPart> _parts = new();
    private readonly List<Process> _processes = [];
    private Process? _bearerbox;
    private Process? _smsbox;
    private Process? _receiver;

    /// <summary>Kannel's sendsms port.</summary>
    public int SendSmsPort { get; } = FreePort();

    public string Password { get; } = "kannel-" + Guid.NewGuid().ToString("N")[..12];

    public string SendSmsUrl => $"http://127.0.0.1:{SendSmsPort}/cgi-bin/sendsms";

    /// <summary>Whether Debian's kannel and kannel-extras are installed (./test.sh installs them).</summary>
    public static bool Installed => File.Exists(Bearerbox) && File.Exists(Smsbox) && File.Exists(FakeSmsc);

    /// <summary>The settings that point Khyber at this Kannel.</summary>
    public Dictionary<string, string> Settings(int messagesPerSecond = 50) => new()
    {
        ["Sms:Provider"] = "kannel",
        ["Sms:KannelUrl"] = SendSmsUrl,
        ["Sms:User"] = User,
        ["Sms:Password"] = Password,
        ["Sms:SenderId"] = "KHYBER",
        ["Sms:MessagesPerSecond"] = messagesPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Sms:PollMilliseconds"] = "50",
    };

    /// <summary>Every part the fake SMSC received, in order.</summary>
    public IReadOnlyList<FakeSmsPart> Parts => [.. _parts];

    /// <summary>The texts the fake SMSC received, parts joined.</summary>
    public IReadOnlyList<FakeSms> Messages => Join(Parts);

    /// <summary>Writes the configuration for a Khyber at <paramref name="khyber"/> and starts bearerbox, smsbox and the fake SMSC.</summary>
    public async Task StartAsync(Uri khyber, string secret)
    {
        var get = $"{khyber.ToString().TrimEnd('/')}/api/v1/sms/inbound?secret={secret}&from=%p&text=%a&id=%I&coding=%c";
        await File.WriteAllTextAsync(Path.Combine(_dir, "kannel.conf"), $"""
            group = core
            admin-port = {_admin}
            admin-password = {Password}
            smsbox-port = {_boxes}
            box-allow-ip = "127.0.0.1"
            log-file = "{_dir}/bearerbox.log"
            log-level = 1
            access-log = "{_dir}/access.log"
            dlr-storage = internal
            sms-resend-freq = 1
            sms-resend-retry = -1
            black-list-sender-regex = "^000$"

            group = smsc
            smsc = fake
            smsc-id = phones
            port = {_phones}
            connect-allow-ip = 127.0.0.1
            denied-smsc-id = inject

            group = smsc
            smsc = fake
            smsc-id = inject
            port = {_inject}
            connect-allow-ip = 127.0.0.1
            allowed-smsc-id = inject

            group = smsbox
            bearerbox-host = 127.0.0.1
            bearerbox-port = {_boxes}
            sendsms-port = {SendSmsPort}
            sendsms-interface = 127.0.0.1
            log-file = "{_dir}/smsbox.log"
            log-level = 1
            mo-recode = true
            http-request-retry = 30
            http-queue-delay = 1

            group = sendsms-user
            username = {User}
            password = {Password}
            concatenation = true
            max-messages = 2

            group = sms-service
            keyword = default
            get-url = "{get}"
            max-messages = 0
            omit-empty = true

            """);
        await StartBoxesAsync();
    }

    /// <summary>Starts bearerbox, smsbox and the fake SMSC (again), and waits until a message would go through.</summary>
    public async Task StartBoxesAsync()
    {
        _bearerbox = Run(Bearerbox, "-v", "1", Path.Combine(_dir, "kannel.conf"));
        await Eventually.UntilAsync(() => Task.FromResult(Listening(_boxes)), up => up, TimeSpan.FromSeconds(30), "bearerbox to listen for smsbox");
        _smsbox = Run(Smsbox, "-v", "1", Path.Combine(_dir, "kannel.conf"));
        await Eventually.UntilAsync(() => Task.FromResult(Listening(SendSmsPort)), up => up, TimeSpan.FromSeconds(30), "smsbox to open sendsms");
        // The receiver sends one text of its own on connecting, from a number Kannel is told to drop.
        var connected = new TaskCompletionSource();
        _receiver = Run(FakeSmsc, line =>
        {
            if (line.Contains("sent message 1", StringComparison.Ordinal))
            {
                connected.TrySetResult();
            }
            if (Received().Match(line) is { Success: true } m && Parse(m.Groups["line"].Value) is { } part)
            {
                _parts.Enqueue(part);
            }
        }, "-H", "127.0.0.1", "-r", _phones.ToString(CultureInfo.InvariantCulture), "-i", "1000000", "-m", "1", "000 000 text hello");
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Kills bearerbox, smsbox and the fake SMSC: Kannel is down.</summary>
    public void StopBoxes()
    {
        foreach (var p in new[] { _receiver, _smsbox, _bearerbox })
        {
            Kill(p);
        }
    }

    /// <summary>A driver's text: a second fake SMSC connection sends it to Kannel as coming from <paramref name="from"/>.</summary>
    public async Task InjectAsync(string from, string text)
    {
        var ascii = text.All(c => c is >= ' ' and <= '~');
        var body = ascii ? $"text {text}" : "ucs2 " + HttpUtility.UrlEncode(Encoding.BigEndianUnicode.GetBytes(text));
        var sent = new TaskCompletionSource();
        var injector = Run(FakeSmsc, line =>
        {
            if (line.Contains("sent message 1", StringComparison.Ordinal))
            {
                sent.TrySetResult();
            }
        }, "-H", "127.0.0.1", "-r", _inject.ToString(CultureInfo.InvariantCulture), "-i", "1000000", "-m", "1", $"{from} 5555 {body}");
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Let bearerbox read it before the link goes.
        await Task.Delay(500);
        Kill(injector);
    }

    /// <summary>The log files, for a test's failure message.</summary>
    public string Logs()
    {
        var text = new StringBuilder();
        foreach (var file in new[] { "bearerbox.log", "smsbox.log" })
        {
            var path = Path.Combine(_dir, file);
            if (File.Exists(path))
            {
                var lines = File.ReadAllLines(path);
                text.AppendLine($"--- {file} (last 40 lines)").AppendJoin('\n', lines.TakeLast(40)).AppendLine();
            }
        }
        return text.ToString();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var p in _processes)
        {
            Kill(p);
            p.Dispose();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>Joins the parts of concatenated texts (by receiver and reference) in order; a single part stands alone.</summary>
    public static List<FakeSms> Join(IEnumerable<FakeSmsPart> parts)
    {
        var messages = new List<FakeSms>();
        var pending = new Dictionary<(string, int), List<FakeSmsPart>>();
        foreach (var part in parts)
        {
            if (part.Total <= 1)
            {
                messages.Add(new FakeSms(part.Sender, part.Receiver, part.Ucs2, part.Text, 1));
                continue;
            }
            var key = (part.Receiver, part.Reference);
            if (!pending.TryGetValue(key, out var list))
            {
                pending[key] = list = [];
            }
            list.Add(part);
            if (list.Select(p => p.Sequence).Distinct().Count() == part.Total)
            {
                var ordered = list.OrderBy(p => p.Sequence).ToList();
                messages.Add(new FakeSms(part.Sender, part.Receiver, part.Ucs2, string.Concat(ordered.Select(p => p.Text)), part.Total));
                pending.Remove(key);
            }
        }
        return messages;
    }

    /// <summary>
    /// A line as fakesmsc prints what it receives: <c>sender receiver text …</c>, <c>… ucs-2 %xx…</c> (UTF-16BE,
    /// URL-encoded), or <c>… udh %05%00%03ref total seq data %xx…</c> for one part of a concatenated UCS-2 text.
    /// </summary>
    public static FakeSmsPart? Parse(string line)
    {
        var fields = line.Split(' ', 4);
        if (fields.Length < 4)
        {
            return null;
        }
        var (sender, receiver, type, rest) = (fields[0], fields[1], fields[2], fields[3]);
        switch (type)
        {
            case "text":
                return new FakeSmsPart(sender, receiver, false, rest, 0, 1, 1);
            case "ucs-2":
            case "ucs2":
                return new FakeSmsPart(sender, receiver, true, Encoding.BigEndianUnicode.GetString(HttpUtility.UrlDecodeToBytes(rest)), 0, 1, 1);
            case "udh":
                var tail = rest.Split(' ', 3);
                var udh = HttpUtility.UrlDecodeToBytes(tail[0]);
                var ucs2 = tail[1] != "text";
                var data = tail.Length > 2 ? tail[2] : "";
                var text = ucs2 ? Encoding.BigEndianUnicode.GetString(HttpUtility.UrlDecodeToBytes(data)) : data;
                // 05 00 03 ref total seq: the 8-bit concatenation header.
                return udh.Length >= 6 && udh[1] == 0 ? new FakeSmsPart(sender, receiver, ucs2, text, udh[3], udh[4], udh[5]) : null;
            default:
                return null;
        }
    }

    [GeneratedRegex("[Gg]ot message \\d+: <(?<line>.*)>$")]
    private static partial Regex Received();

    private Process Run(string file, params string[] args) => Run(file, null, args);

    private Process Run(string file, Action<string>? onLine, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } l) { onLine?.Invoke(l); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } l) { onLine?.Invoke(l); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_processes)
        {
            _processes.Add(process);
        }
        return process;
    }

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
