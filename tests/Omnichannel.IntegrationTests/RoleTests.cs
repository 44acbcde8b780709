using Omnichannel.Host;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The host runs the modules named by --roles, and says plainly when it cannot.</summary>
public sealed class RoleTests
{
    [Theory]
    [InlineData(null, Role.Ingestion | Role.Journey | Role.Metrics | Role.Portal)]
    [InlineData("", Role.Ingestion | Role.Journey | Role.Metrics | Role.Portal)]
    [InlineData("all", Role.Ingestion | Role.Journey | Role.Metrics | Role.Portal)]
    [InlineData("metrics", Role.Metrics)]
    [InlineData("Ingestion", Role.Ingestion)]
    [InlineData(" ingestion , ingestion ", Role.Ingestion)]
    [InlineData("journey", Role.Journey)]
    [InlineData("journey,INGESTION", Role.Ingestion | Role.Journey)]
    [InlineData("portal", Role.Portal)]
    public void Roles_name_the_modules_to_run(string? roles, Role expected) => Assert.Equal(expected, OmnichannelHost.ParseRoles(roles));

    [Fact]
    public void An_unknown_role_stops_the_host_with_a_message()
    {
        var error = Assert.Throws<ArgumentException>(() => OmnichannelHost.ParseRoles("ingestion,billing"));

        Assert.Contains("Unknown role 'billing'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all", new[] { "roles: all", "/connexion", "/api/v1/interactions", "/api/v1/metrics", "/api/reference", "/health/ready" }, new string[0])]
    [InlineData("ingestion", new[] { "roles: ingestion", "/api/v1/interactions", "/api/reference", "/health/ready" }, new[] { "/connexion", "/api/v1/metrics" })]
    [InlineData("journey", new[] { "roles: journey", "journeys stitched from the bus", "/health/ready" }, new[] { "/connexion", "/api/reference", "/api/v1/" })]
    [InlineData("portal,metrics", new[] { "/connexion", "/api/v1/metrics" }, new[] { "/api/v1/interactions" })]
    public void The_startup_banner_names_only_what_the_node_serves(string roles, string[] present, string[] absent)
    {
        var banner = StartupBanner.Describe(OmnichannelHost.ParseRoles(roles), "http://127.0.0.1:5080");

        Assert.All(present, text => Assert.Contains(text, banner, StringComparison.Ordinal));
        Assert.All(absent, text => Assert.DoesNotContain(text, banner, StringComparison.Ordinal));
    }
}
