using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Driver;
using Omnichannel.Hosting.Stores;
using Omnichannel.Journey;
using Omnichannel.Metrics;
using Omnichannel.Portal;
using Omnichannel.Portal.Audit;
using Omnichannel.Portal.Audit.Mongo;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>Issue 17 point 2: the kind of store is chosen once, and the audit log follows it through the same wiring.</summary>
public sealed class StoreWiringTests
{
    [Theory]
    [InlineData(null, typeof(SqliteAuditLog))]
    [InlineData("Sqlite", typeof(SqliteAuditLog))]
    [InlineData("MongoDb", typeof(MongoAuditLog))]
    public void The_audit_log_lives_where_the_journeys_do(string? store, Type auditLog)
    {
        var configuration = Configuration(store);
        var services = new ServiceCollection().AddLogging();
        services.AddJourney(configuration);
        services.AddPortal(configuration);
        using var provider = services.BuildServiceProvider();

        Assert.IsType(auditLog, provider.GetRequiredService<IAuditLog>());
        Assert.Equal(store == "MongoDb", services.Any(s => s.ServiceType == typeof(IMongoDatabase)));
        Assert.Single(services, s => s.ServiceType == typeof(StoreWiring.StoreChoice));
    }

    [Theory]
    [InlineData(null, null, typeof(Metrics.Store.SqliteMetricsStore))]
    [InlineData("MongoDb", null, typeof(Metrics.Store.Mongo.MongoMetricsStore))]
    [InlineData("MongoDb", "Sqlite", typeof(Metrics.Store.SqliteMetricsStore))]
    [InlineData(null, "MongoDb", typeof(Metrics.Store.Mongo.MongoMetricsStore))]
    public async Task The_roll_ups_follow_the_deployment_unless_their_own_setting_names_a_kind(string? store, string? metricsStore, Type expected)
    {
        var configuration = new ConfigurationBuilder().AddConfiguration(Configuration(store))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:Store"] = metricsStore, ["Metrics:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"wiring-{Guid.NewGuid():N}.db") }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddMetrics(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<Metrics.Store.IMetricsStore>());
    }

    [Fact]
    public void The_choice_is_read_once_and_every_module_after_gets_the_same()
    {
        var services = new ServiceCollection();
        Assert.Equal(StoreKind.MongoDb, services.StoreKind(Configuration("MongoDb")));
        // A module registered later with another reading of the settings still gets the deployment's choice.
        Assert.Equal(StoreKind.MongoDb, services.StoreKind(Configuration("Sqlite")));
        Assert.Single(services, s => s.ServiceType == typeof(StoreWiring.StoreChoice));
    }

    [Fact]
    public void An_unknown_kind_is_refused_with_the_setting_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().StoreKind(Configuration("Postgres")));
        Assert.Contains("Journey:Store", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(string? store) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Journey:Store"] = store,
        ["MongoDb:ConnectionString"] = "mongodb://127.0.0.1:1",
        ["MongoDb:Database"] = "wiring",
    }).Build();
}
