using System.Net;
using System.Net.Sockets;
using Khyber.Domain.Notifications;

namespace Khyber.Api.Notifications;

/// <summary>Turns a host name into addresses; the seam a test uses to make a name change its answer between subscription and delivery.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct);
}

/// <summary>The system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) => Dns.GetHostAddressesAsync(host, ct);
}

/// <summary>A webhook destination the server will not call; <see cref="Category"/> is all a delivery record says about it.</summary>
public sealed class WebhookDestinationException(string category, string message) : Exception(message)
{
    /// <summary><c>refused: private-address</c>, <c>failed: name-resolution</c>.</summary>
    public string Category { get; } = category;
}

/// <summary>
/// Keeps webhooks on the internet (see <see cref="WebhookDestinations"/>): checks a URL at subscription, and connects
/// every delivery itself — one resolution, every address checked, the connection made to a checked address — so a
/// name cannot resolve to a public address for the check and to the loopback for the connection (DNS rebinding).
/// </summary>
public sealed class WebhookDestinationGuard(IHostResolver resolver, IConfiguration config, IHostEnvironment environment)
{
    private readonly WebhookAllowList _allowed = WebhookAllowList.Parse(AllowedEntries(config));

    /// <summary>At most this much of an answer's headers is read; the body is never read.</summary>
    public const int MaxResponseHeadersKilobytes = 16;

    /// <summary><c>Webhooks:RequireHttps</c>: true unless the environment is Development, where a receiver on plain http is handy.</summary>
    public bool RequireHttps => config.GetValue("Webhooks:RequireHttps", !environment.IsDevelopment());

    /// <summary>
    /// The entries of <c>Webhooks:AllowedHosts</c>: a list (<c>Webhooks:AllowedHosts:0</c>, …) or one value separated
    /// by commas, semicolons or spaces.
    /// </summary>
    private static IEnumerable<string> AllowedEntries(IConfiguration config)
    {
        var section = config.GetSection("Webhooks:AllowedHosts");
        var children = section.GetChildren().Select(c => c.Value ?? "").ToList();
        return children.Count > 0 ? children : (section.Value ?? "").Split([',', ';', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Why a subscription's URL is refused, in words for the <c>url</c> field, or null if it may be subscribed.</summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken ct)
    {
        if (RequireHttps && url.Scheme != Uri.UriSchemeHttps)
        {
            return "Must be an https URL.";
        }
        try
        {
            await CheckedAddressesAsync(url.IdnHost, ct);
            return null;
        }
        catch (WebhookDestinationException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Resolves the host once and returns its addresses if every one may be called (or the host or all its addresses
    /// are allowed by the administrator); otherwise throws with the category and a message that names the class of
    /// address, never the address itself.
    /// </summary>
    public async Task<IPAddress[]> CheckedAddressesAsync(string host, CancellationToken ct)
    {
        host = host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(WebhookDispatcher.Timeout(config));
                addresses = await resolver.ResolveAsync(host, timeout.Token);
            }
            catch (Exception e) when (e is SocketException or ArgumentException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                addresses = [];
            }
            if (addresses.Length == 0)
            {
                throw new WebhookDestinationException("failed: name-resolution", "The host name could not be resolved.");
            }
            if (_allowed.AllowsName(host))
            {
                return addresses;
            }
        }
        var refused = WebhookDestinations.Classify(addresses.Where(a => !_allowed.AllowsAddress(a)));
        if (refused != DestinationClass.Public)
        {
            throw new WebhookDestinationException(
                $"refused: {WebhookDestinations.Word(refused)}",
                $"Refused: the host is {WebhookDestinations.Describe(refused)}; webhooks are delivered to public internet addresses only.");
        }
        return addresses;
    }

    /// <summary>
    /// The webhook client's handler: it connects through <see cref="CheckedAddressesAsync"/>, follows no redirect,
    /// reads at most <see cref="MaxResponseHeadersKilobytes"/> KiB of headers, uses no proxy (a proxy would resolve
    /// the name again) and keeps a connection a minute at most, so a changed address is checked again soon.
    /// </summary>
    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        MaxResponseHeadersLength = MaxResponseHeadersKilobytes,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await CheckedAddressesAsync(context.DnsEndPoint.Host, ct);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostUnreachable);
    }
}
