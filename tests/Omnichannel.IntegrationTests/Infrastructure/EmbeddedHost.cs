using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Host;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>The host on the embedded default (every role, in-memory bus, SQLite files of its own) on a free loopback port.</summary>
public sealed class EmbeddedHost : IAsyncLifetime
{
    /// <summary>A channel system allowed on every channel.</summary>
    public const string Key = "embedded-key";

    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-embedded-").FullName;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Journey:SqlitePath"] = Path.Combine(_folder, "journeys.db"),
            ["Metrics:SqlitePath"] = Path.Combine(_folder, "metrics.db"),
            ["Ingestion:ApiKeys:0:Key"] = Key,
            ["Ingestion:ApiKeys:0:Source"] = "backoffice",
        };
        foreach (var (channel, index) in new[] { "web", "phone", "email", "sms", "chat", "counter", "mail" }.Select((c, i) => (c, i)))
        {
            settings[$"Ingestion:ApiKeys:0:Channels:{index}"] = channel;
        }

        App = OmnichannelHost.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await App.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    public Task<HttpResponseMessage> PostAsync(string json, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", Key);
        return Http.SendAsync(request, cancellationToken);
    }

    /// <summary>Waits until <paramref name="probe"/> gives something (the bus and the stores work in the background).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("Not there after 10 s.");
    }
}
