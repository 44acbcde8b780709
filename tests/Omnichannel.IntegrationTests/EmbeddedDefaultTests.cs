using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contracts;
using Omnichannel.Host;
using Omnichannel.Journey.Store;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The one-process embedded default (in-memory bus, SQLite): a posted interaction ends up in its person's journey.</summary>
public sealed class EmbeddedDefaultTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-embedded-").FullName;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = OmnichannelHost.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Journey:SqlitePath"] = Path.Combine(_folder, "journeys.db"),
            ["Ingestion:ApiKeys:0:Key"] = "embedded-key",
            ["Ingestion:ApiKeys:0:Source"] = "cti",
            ["Ingestion:ApiKeys:0:Channels:0"] = "phone",
            ["Ingestion:ApiKeys:1:Key"] = "embedded-portal-key",
            ["Ingestion:ApiKeys:1:Source"] = "portal",
            ["Ingestion:ApiKeys:1:Channels:0"] = "web",
        }));
        await _app.StartAsync(Cancel);
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Interactions_posted_on_two_channels_become_one_journey_with_its_classifications()
    {
        using var call = await PostAsync("embedded-key", """
            {"id":"call-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00",
             "identifiers":[{"type":"phone","value":"06 11 22 33 44"}],"subject":{"motive":"pas.rate"},"outcome":"transferred"}
            """);
        using var web = await PostAsync("embedded-portal-key", """
            {"id":"form-1","channel":"web","type":"contact","occurredAt":"2026-03-03T10:00:00+01:00",
             "identifiers":[{"type":"accountId","value":"a9"},{"type":"phone","value":"+33611223344"}],"subject":{"motive":"pas.rate"},"outcome":"resolved"}
            """);
        Assert.Equal(HttpStatusCode.Accepted, call.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, web.StatusCode);

        var store = _app.Services.GetRequiredService<IJourneyStore>();
        var journey = await EventuallyAsync(async () =>
        {
            var owners = await store.LoadOwnersAsync([new Identifier { Type = IdentifierType.AccountId, Value = "a9" }], Cancel);
            return owners.Count == 1 && await store.LoadJourneyAsync(owners[0].Snapshot.Id, Cancel) is { Interactions.Count: 2 } found ? found : null;
        });

        Assert.Equal(["call-1", "form-1"], journey.Interactions.Select(i => i.Id));
        Assert.Equal([ContactKind.FirstContact, ContactKind.Reiteration], journey.Classifications.Select(c => c.Kind));
        Assert.True(journey.Classifications[1].CrossChannel);
        using var ready = await _http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string key, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions") { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", key);
        return _http.SendAsync(request, Cancel);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50, Cancel);
        }

        throw new TimeoutException("The interactions did not reach the journey store in 10 s.");
    }
}
