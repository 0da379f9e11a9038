namespace Khyber.Api.Sms;

/// <summary>
/// The <c>Sms:</c> settings: whether drivers are texted (<c>Provider</c>: <c>none</c> or <c>kannel</c>), how Khyber
/// reaches Kannel's <c>sendsms</c> interface, and how Kannel reaches Khyber back (delivery reports, drivers' texts).
/// </summary>
/// <remarks>See docs/sms.md for the Kannel side.</remarks>
public sealed class SmsSettings
{
    public SmsSettings(IConfiguration config)
    {
        var s = config.GetSection("Sms");
        Provider = (s["Provider"] ?? "none").Trim().ToLowerInvariant();
        if (Provider is not ("none" or "kannel"))
        {
            throw new InvalidOperationException($"Sms:Provider must be none or kannel, not '{Provider}'.");
        }
        KannelUrl = s["KannelUrl"] ?? "http://127.0.0.1:13013/cgi-bin/sendsms";
        User = s["User"] ?? "";
        Password = s["Password"] ?? "";
        SenderId = s["SenderId"] ?? "KHYBER";
        MessagesPerSecond = Math.Clamp(s.GetValue("MessagesPerSecond", 10.0), 0.1, 1000);
        CallbackSecret = s["CallbackSecret"] ?? "";
        CallbackUrl = (s["CallbackUrl"] ?? "").TrimEnd('/');
        Poll = TimeSpan.FromMilliseconds(Math.Max(20, s.GetValue("PollMilliseconds", 250)));
        RetryBase = TimeSpan.FromSeconds(Math.Max(0.01, s.GetValue("RetryBaseSeconds", 5.0)));
        RetryMax = TimeSpan.FromSeconds(Math.Max(0.1, s.GetValue("RetryMaxSeconds", 300.0)));
        Timeout = TimeSpan.FromSeconds(Math.Clamp(s.GetValue("TimeoutSeconds", 10.0), 0.5, 120));
        UnconfirmedResend = TimeSpan.FromSeconds(Math.Max(Timeout.TotalSeconds * 2, s.GetValue("UnconfirmedResendSeconds", 600.0)));
        if (Enabled)
        {
            if (!Uri.TryCreate(KannelUrl, UriKind.Absolute, out _))
            {
                throw new InvalidOperationException("Sms:KannelUrl must be the absolute URL of Kannel's sendsms interface.");
            }
            if (CallbackSecret.Length < 16 || !CallbackSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                throw new InvalidOperationException("Sms:CallbackSecret must be set when Sms:Provider is kannel — at least 16 letters, digits, dashes or underscores (it travels inside URLs): Kannel sends it back with drivers' texts and delivery reports.");
            }
            if (!Uri.TryCreate(CallbackUrl, UriKind.Absolute, out _))
            {
                throw new InvalidOperationException("Sms:CallbackUrl must be Khyber's own base URL as Kannel reaches it (for delivery reports) when Sms:Provider is kannel.");
            }
        }
    }

    public string Provider { get; }

    /// <summary>Texts are written and sent only with a provider.</summary>
    public bool Enabled => Provider == "kannel";

    public string KannelUrl { get; }

    public string User { get; }

    public string Password { get; }

    /// <summary>The sender drivers see (Kannel's <c>from</c>).</summary>
    public string SenderId { get; }

    /// <summary>At most this many SMS parts a second go to Kannel from one instance.</summary>
    public double MessagesPerSecond { get; }

    /// <summary>The secret Kannel sends back on delivery reports and drivers' texts.</summary>
    public string CallbackSecret { get; }

    /// <summary>Khyber's base URL as Kannel reaches it, e.g. http://10.0.0.5:5080.</summary>
    public string CallbackUrl { get; }

    public TimeSpan Poll { get; }

    public TimeSpan RetryBase { get; }

    public TimeSpan RetryMax { get; }

    /// <summary>How long Kannel has to answer a send.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>
    /// How long a message handed over without a known outcome (the sender died or timed out) waits for Kannel's
    /// report before it is sent again. Kannel reports every message it takes within seconds while its operator link is up.
    /// </summary>
    public TimeSpan UnconfirmedResend { get; }

    /// <summary>Whether <paramref name="given"/> is the callback secret, compared in constant time.</summary>
    public bool IsCallbackSecret(string? given) =>
        given is not null && CallbackSecret.Length > 0
        && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(CallbackSecret));
}
