using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using Omnichannel.Journey.Store;
using Omnichannel.Journey.Store.Mongo;
using Xunit;

namespace Omnichannel.Journey.Tests;

/// <summary>The configuration chooses the store; the MongoDB one gets the process's one client and the configured write concern.</summary>
public sealed class JourneyModuleTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddJourney(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void The_embedded_default_keeps_journeys_in_sqlite()
    {
        using var provider = Build(new() { ["Journey:SqlitePath"] = "unused.db" });

        var store = Assert.IsType<ResilientJourneyStore>(provider.GetRequiredService<IJourneyStore>());

        Assert.IsType<SqliteJourneyStore>(store.Inner);
    }

    [Fact]
    public void The_distributed_way_keeps_journeys_in_mongodb_with_majority_writes()
    {
        using var provider = Build(new() { ["Journey:Store"] = "MongoDb", ["MongoDb:ConnectionString"] = "mongodb://127.0.0.1:1", ["MongoDb:Database"] = "journeys" });

        var store = Assert.IsType<ResilientJourneyStore>(provider.GetRequiredService<IJourneyStore>());

        Assert.IsType<MongoJourneyStore>(store.Inner);
        var database = provider.GetRequiredService<IMongoDatabase>();
        Assert.Equal("journeys", database.DatabaseNamespace.DatabaseName);
        Assert.Equal(WriteConcern.WMajority, database.Settings.WriteConcern);
        Assert.Same(provider.GetRequiredService<IMongoClient>(), provider.GetRequiredService<IMongoClient>());
    }
}
