using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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

    /// <summary>
    /// The first middlewares of every role, before routing: the client as the believed proxy says, the
    /// security headers, and a 400 for a path holding a control character (<c>%0D%0A</c> decoded), which
    /// would otherwise reach the framework's log lines as it is.
    /// </summary>
    public static IApplicationBuilder UseOmnichannelEdge(this IApplicationBuilder app) =>
        app.UseForwardedHeaders().UseSecurityHeaders().Use((context, next) =>
        {
            if (context.Request.Path.Value is { } path && path.Any(char.IsControl))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "The path holds a control character.").ExecuteAsync(context);
            }

            return next();
        });
}
