using System.Net;
using System.Net.Sockets;

namespace Khyber.Domain.Notifications;

/// <summary>What kind of address a webhook destination is; every kind but <see cref="Public"/> is refused.</summary>
/// <remarks>Written on the wire in kebab case (<c>private-address</c>), so an owner learns why without the address itself.</remarks>
public enum DestinationClass
{
    Public,
    LoopbackAddress,
    PrivateAddress,
    SharedAddress,
    LinkLocalAddress,
    MulticastAddress,
    UnspecifiedAddress,
    BroadcastAddress,
    UniqueLocalAddress,
    ThisNetworkAddress,
    DocumentationAddress,
    BenchmarkAddress,
    ReservedAddress,
}

/// <summary>
/// Which addresses the server may send a webhook to. A subscriber chooses the URL, so without this rule any
/// signed-in user could make the server call its own network (the loopback, the cloud metadata service at
/// 169.254.169.254, a database on 10.x) and read the outcome back: a server-side request forgery.
/// </summary>
public static class WebhookDestinations
{
    /// <summary>The class of one address; IPv4 hidden in IPv6 (mapped, compatible, NAT64, 6to4) is judged as the IPv4 it carries.</summary>
    public static DestinationClass Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => ClassifyV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => ClassifyV6(address),
            _ => DestinationClass.ReservedAddress,
        };
    }

    /// <summary>Whether a host that resolved to these addresses may be sent to: only if every one of them is public (a host with one bad address is refused whole).</summary>
    public static DestinationClass Classify(IEnumerable<IPAddress> addresses) =>
        addresses.Select(Classify).FirstOrDefault(c => c != DestinationClass.Public, DestinationClass.Public);

    /// <summary>The word a delivery record and a problem use: <c>private-address</c>.</summary>
    public static string Word(DestinationClass c) => Kebab.Word(c.ToString());

    /// <summary>The class in a sentence, for the refusal of a subscription: "a private network address".</summary>
    public static string Describe(DestinationClass c) => c switch
    {
        DestinationClass.LoopbackAddress => "a loopback address (this server itself)",
        DestinationClass.PrivateAddress => "a private network address",
        DestinationClass.SharedAddress => "a carrier-grade NAT (shared) address",
        DestinationClass.LinkLocalAddress => "a link-local address (such as a cloud metadata service)",
        DestinationClass.MulticastAddress => "a multicast address",
        DestinationClass.UnspecifiedAddress => "the unspecified address",
        DestinationClass.BroadcastAddress => "the broadcast address",
        DestinationClass.UniqueLocalAddress => "a unique-local (private) IPv6 address",
        DestinationClass.ThisNetworkAddress => "a 'this network' address (0.0.0.0/8)",
        DestinationClass.DocumentationAddress => "a documentation address",
        DestinationClass.BenchmarkAddress => "a benchmarking address",
        DestinationClass.ReservedAddress => "a reserved address",
        _ => "a public address",
    };

    private static DestinationClass ClassifyV4(byte[] b)
    {
        static bool In(byte[] b, byte a0, byte a1, int bits)
        {
            var value = (uint)((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
            var prefix = (uint)((a0 << 24) | (a1 << 16));
            var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
            return (value & mask) == (prefix & mask);
        }
        static bool In24(byte[] b, byte a0, byte a1, byte a2) => b[0] == a0 && b[1] == a1 && b[2] == a2;

        if (b.All(x => x == 0))
        {
            return DestinationClass.UnspecifiedAddress;
        }
        if (b.All(x => x == 255))
        {
            return DestinationClass.BroadcastAddress;
        }
        return b switch
        {
            _ when b[0] == 0 => DestinationClass.ThisNetworkAddress,
            _ when b[0] == 127 => DestinationClass.LoopbackAddress,
            _ when b[0] == 10 || In(b, 172, 16, 12) || In(b, 192, 168, 16) => DestinationClass.PrivateAddress,
            _ when In(b, 100, 64, 10) => DestinationClass.SharedAddress,
            _ when In(b, 169, 254, 16) => DestinationClass.LinkLocalAddress,
            _ when In24(b, 192, 0, 2) || In24(b, 198, 51, 100) || In24(b, 203, 0, 113) => DestinationClass.DocumentationAddress,
            _ when In(b, 198, 18, 15) => DestinationClass.BenchmarkAddress,
            _ when In24(b, 192, 0, 0) || In24(b, 192, 88, 99) => DestinationClass.ReservedAddress,
            _ when b[0] >= 224 && b[0] < 240 => DestinationClass.MulticastAddress,
            _ when b[0] >= 240 => DestinationClass.ReservedAddress,
            _ => DestinationClass.Public,
        };
    }

    private static DestinationClass ClassifyV6(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return DestinationClass.UnspecifiedAddress;
        }
        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return DestinationClass.LoopbackAddress;
        }
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): the IPv4 address is what is reached.
        if (address.IsIPv4MappedToIPv6 || b.Take(12).All(x => x == 0))
        {
            return ClassifyV4(b[12..]);
        }
        // 64:ff9b::/96, the NAT64 well-known prefix, and 64:ff9b:1::/48, the local-use one, reach the IPv4 address in the last four bytes.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && (b.Skip(4).Take(8).All(x => x == 0) || (b[4] == 0 && b[5] == 1)))
        {
            return ClassifyV4(b[12..]);
        }
        // 2002::/16, 6to4: the IPv4 address is in bytes 2–5.
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);
        }
        return b switch
        {
            _ when b[0] == 0xff => DestinationClass.MulticastAddress,
            _ when b[0] == 0xfe && (b[1] & 0xc0) == 0x80 => DestinationClass.LinkLocalAddress,
            // fec0::/10, site-local: deprecated, but still private wherever it is used.
            _ when b[0] == 0xfe && (b[1] & 0xc0) == 0xc0 => DestinationClass.PrivateAddress,
            _ when (b[0] & 0xfe) == 0xfc => DestinationClass.UniqueLocalAddress,
            _ when b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => DestinationClass.DocumentationAddress,
            _ when b[0] == 0x3f && b[1] == 0xff && (b[2] & 0xf0) == 0 => DestinationClass.DocumentationAddress,
            _ when b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x02 && b[4] == 0 && b[5] == 0 => DestinationClass.BenchmarkAddress,
            // 2001::/32 Teredo tunnels to an address it hides; 100::/64 discards; everything outside 2000::/3 is unassigned or special.
            _ when b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0 => DestinationClass.ReservedAddress,
            _ when (b[0] & 0xe0) != 0x20 => DestinationClass.ReservedAddress,
            _ => DestinationClass.Public,
        };
    }
}

/// <summary>
/// The hosts and ranges an administrator allows despite <see cref="WebhookDestinations"/>, for a receiver inside the
/// network (<c>Webhooks:AllowedHosts</c>): a host name allows that name whatever it resolves to; an address or a CIDR
/// range allows every host whose addresses all lie in it.
/// </summary>
public sealed class WebhookAllowList
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<IPNetwork> _ranges = [];

    private WebhookAllowList()
    {
    }

    public static readonly WebhookAllowList None = new();

    /// <summary>Reads the entries; a blank one is skipped and one that is neither a name nor an address or range is an error, so a typo never silently allows nothing.</summary>
    public static WebhookAllowList Parse(IEnumerable<string> entries)
    {
        var list = new WebhookAllowList();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }
            if (IPNetwork.TryParse(entry, out var range))
            {
                list._ranges.Add(range);
            }
            else if (IPAddress.TryParse(entry.Trim('[', ']'), out var single))
            {
                list._ranges.Add(new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (Uri.CheckHostName(entry) == UriHostNameType.Dns)
            {
                list._names.Add(entry.TrimEnd('.'));
            }
            else
            {
                throw new FormatException($"Webhooks:AllowedHosts: '{entry}' is neither a host name, an address nor a CIDR range.");
            }
        }
        return list;
    }

    /// <summary>Whether the host name of a URL is allowed by name.</summary>
    public bool AllowsName(string host) => _names.Contains(host.TrimEnd('.'));

    /// <summary>Whether an address lies in an allowed range (an IPv4-mapped IPv6 address counts as its IPv4 address).</summary>
    public bool AllowsAddress(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return _ranges.Any(r => r.Contains(plain));
    }
}
