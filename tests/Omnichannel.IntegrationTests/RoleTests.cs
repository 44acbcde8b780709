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
}
