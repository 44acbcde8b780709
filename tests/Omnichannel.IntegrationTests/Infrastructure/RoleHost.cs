using System.Globalization;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omnichannel.Host;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The real host running some roles on the private node, in a virtual host of the test's own.</summary>
public static class RoleHost
{
    /// <param name="node">The broker.</param>
    /// <param name="virtualHost">The virtual host the role's bus uses.</param>
    /// <param name="roles">The roles the host runs.</param>
    /// <param name="settings">Configuration on top of the role's.</param>
    /// <param name="logs">Also receives what the host logs at Warning and above, to tell in a failure.</param>
    public static async Task<WebApplication> StartAsync(BrokerNode node, string virtualHost, string roles, IDictionary<string, string?>? settings = null, LogCapture? logs = null)
    {
        var app = OmnichannelHost.Build([], builder =>
        {
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
            }

            var configuration = new Dictionary<string, string?>
            {
                ["Urls"] = "http://127.0.0.1:0",
                ["Roles"] = roles,
                ["Bus:Transport"] = "RabbitMq",
                ["RabbitMq:Port"] = node.Port.ToString(CultureInfo.InvariantCulture),
                ["RabbitMq:VirtualHost"] = virtualHost,
                ["Logging:LogLevel:Default"] = "Warning",
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                configuration[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(configuration);
        });
        await app.StartAsync();
        // On RabbitMQ the host's start does not wait for the bus: its queues, and their bindings to the exchanges of
        // the types they consume, come a moment later. A test that publishes at once would publish to nobody.
        var health = await app.Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromMinutes(1));
        if (health != BusHealthStatus.Healthy)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The {roles} host's bus is {health} a minute after its start.");
        }

        return app;
    }

    /// <summary>The address a started host listens on.</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
