using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Domain.Motives;
using Xunit;

namespace Omnichannel.Metrics.Tests;

/// <summary>Issue 21: a process that runs the metrics alone labels motives with the deployment's catalogue, as the portal does.</summary>
public sealed class MotiveCatalogueWiringTests
{
    [Fact]
    public void The_metrics_role_alone_reads_the_configured_motives()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Motives:Catalogue:0:Code"] = "local.parking",
            ["Motives:Catalogue:0:Label"] = "Stationnement résidentiel",
            ["Motives:Catalogue:0:Family"] = "Services locaux",
        }).Build();
        using var provider = new ServiceCollection().AddMetrics(configuration).BuildServiceProvider();

        var catalogue = provider.GetRequiredService<MotiveCatalogue>();

        Assert.Equal("Stationnement résidentiel", catalogue.Label("local.parking"));
        Assert.Equal(MotiveCatalogue.Standard.Label("pas.rate"), catalogue.Label("pas.rate"));
    }
}
