using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Host;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The real host running some roles on the private node, in a virtual host of the test's own.</summary>
public static class RoleHost
{
    public static async Task<WebApplication> StartAsync(BrokerNode node, string virtualHost, string roles, IDictionary<string, string?>? settings = null)
    {
        var app = OmnichannelHost.Build([], builder =>
        {
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
        return app;
    }

    /// <summary>The address a started host listens on.</summary>
    public static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
