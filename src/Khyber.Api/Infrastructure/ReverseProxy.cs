using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Khyber.Api.Infrastructure;

/// <summary>
/// Running behind a reverse proxy that ends HTTPS (nginx, a load balancer): the client's address and scheme come in
/// <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, and are believed only from the proxies named in
/// <c>ReverseProxy:KnownProxies</c> (addresses) and <c>ReverseProxy:KnownNetworks</c> (CIDR ranges).
/// </summary>
/// <remarks>
/// Nothing is trusted by default, not even loopback: a forwarded address decides whose rate limit a request draws
/// on, so believing it from anyone would let a caller pick its own. A proxy on the same machine is named as 127.0.0.1.
/// </remarks>
public static class ReverseProxy
{
    public static IServiceCollection AddKhyberReverseProxy(this IServiceCollection services, IConfiguration config)
    {
        var proxies = config.GetSection("ReverseProxy:KnownProxies").Get<string[]>() ?? [];
        var networks = config.GetSection("ReverseProxy:KnownNetworks").Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // With no proxy named the headers are not read at all: the middleware would otherwise believe anyone.
            o.ForwardedHeaders = proxies.Length + networks.Length > 0 ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto : ForwardedHeaders.None;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.Where(p => !string.IsNullOrWhiteSpace(p)))
            {
                o.KnownProxies.Add(IPAddress.TryParse(proxy.Trim(), out var address)
                    ? address
                    : throw new InvalidOperationException($"ReverseProxy:KnownProxies: '{proxy}' is not an IP address."));
            }
            foreach (var network in networks.Where(n => !string.IsNullOrWhiteSpace(n)))
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network.Trim(), out var range)
                    ? range
                    : throw new InvalidOperationException($"ReverseProxy:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8."));
            }
        });
        return services;
    }
}
