using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichannel.Hosting.Security;

/// <summary>
/// Which reverse proxies are believed when they say who the client is and which scheme it used
/// (<c>Security__ForwardedProxies</c>). None by default, not even loopback: a forwarded header from anyone
/// else is ignored, so that nobody picks the address the sign-in throttle counts against.
/// </summary>
public static class ForwardedProxies
{
    public static IServiceCollection AddForwardedProxies(this IServiceCollection services, IReadOnlyList<string> proxies)
    {
        ArgumentNullException.ThrowIfNull(proxies);
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in proxies.Where(p => !string.IsNullOrWhiteSpace(p)))
        {
            var text = entry.Trim();
            if (System.Net.IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                networks.Add(new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new InvalidOperationException($"Security:ForwardedProxies holds '{text}', which is neither an IP address nor a network such as 10.89.0.0/24.");
            }
        }

        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            // With no proxy named, the middleware would believe anyone: then it reads nothing at all.
            options.ForwardedHeaders = networks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
    }
}
