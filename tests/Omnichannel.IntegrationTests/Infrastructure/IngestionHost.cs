using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Omnichannel.Host;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The real host, ingestion role, on Kestrel at a free loopback port, publishing to the private node.</summary>
public sealed class IngestionHost(BrokerNode node) : IAsyncLifetime
{
    public const string PhoneKey = "test-cti-key";
    public const string PortalKey = "test-portal-key";
    public const string SmsKey = "test-sms-key";

    private WebApplication? _app;

    public HttpClient Client { get; private set; } = new();

    /// <summary>Everything the host logged, at every level.</summary>
    public LogCapture Logs { get; } = new();

    public async ValueTask InitializeAsync()
    {
        if (node.Node.Unavailable is not null)
        {
            return;
        }

        _app = OmnichannelHost.Build([], builder =>
        {
            builder.Logging.AddProvider(Logs);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Roles"] = "ingestion",
            ["Bus:Transport"] = "RabbitMq",
            ["RabbitMq:Port"] = node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Ingestion:PublishTimeout"] = "00:00:02",
            ["Ingestion:ApiKeys:0:Key"] = PhoneKey,
            ["Ingestion:ApiKeys:0:Source"] = "cti",
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
            ["Ingestion:ApiKeys:1:Key"] = PortalKey,
            ["Ingestion:ApiKeys:1:Source"] = "portal",
            ["Ingestion:ApiKeys:1:Channels:0"] = "web",
            ["Ingestion:ApiKeys:2:Key"] = SmsKey,
            ["Ingestion:ApiKeys:2:Source"] = "sms-gateway",
            ["Ingestion:ApiKeys:2:Channels:0"] = "sms",
            ["Logging:LogLevel:Default"] = "Debug",
        });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
