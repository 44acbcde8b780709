using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contracts;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Journey.Store;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The one-process embedded default (in-memory bus, SQLite): a posted interaction ends up in its person's journey.</summary>
public sealed class EmbeddedDefaultTests(EmbeddedHost host) : IClassFixture<EmbeddedHost>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Interactions_posted_on_two_channels_become_one_journey_with_its_classifications()
    {
        using var call = await host.PostAsync("""
            {"id":"call-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00",
             "identifiers":[{"type":"phone","value":"06 11 22 33 44"}],"subject":{"motive":"pas.rate"},"outcome":"transferred"}
            """, Cancel);
        using var web = await host.PostAsync("""
            {"id":"form-1","channel":"web","type":"contact","occurredAt":"2026-03-03T10:00:00+01:00",
             "identifiers":[{"type":"accountId","value":"a9"},{"type":"phone","value":"+33611223344"}],"subject":{"motive":"pas.rate"},"outcome":"resolved"}
            """, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, call.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, web.StatusCode);

        var store = host.App.Services.GetRequiredService<IJourneyStore>();
        var journey = await EmbeddedHost.EventuallyAsync(async () =>
        {
            var owners = await store.LoadOwnersAsync([new Identifier { Type = IdentifierType.AccountId, Value = "a9" }], Cancel);
            return owners.Count == 1 && await store.LoadJourneyAsync(owners[0].Snapshot.Id, Cancel) is { Interactions.Count: 2 } found ? found : null;
        }, Cancel);

        Assert.Equal(["call-1", "form-1"], journey.Interactions.Select(i => i.Id));
        Assert.Equal([ContactKind.FirstContact, ContactKind.Reiteration], journey.Classifications.Select(c => c.Kind));
        Assert.True(journey.Classifications[1].CrossChannel);
        using var ready = await host.Http.GetAsync(new Uri("/health/ready", UriKind.Relative), Cancel);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
