using Omnichannel.Host;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The host runs the modules named by --roles, and says plainly when it cannot.</summary>
public sealed class RoleTests
{
    [Theory]
    [InlineData(null, Role.Ingestion | Role.Journey | Role.Metrics)]
    [InlineData("", Role.Ingestion | Role.Journey | Role.Metrics)]
    [InlineData("all", Role.Ingestion | Role.Journey | Role.Metrics)]
    [InlineData("metrics", Role.Metrics)]
    [InlineData("Ingestion", Role.Ingestion)]
    [InlineData(" ingestion , ingestion ", Role.Ingestion)]
    [InlineData("journey", Role.Journey)]
    [InlineData("journey,INGESTION", Role.Ingestion | Role.Journey)]
    public void Roles_name_the_modules_to_run(string? roles, Role expected) => Assert.Equal(expected, OmnichannelHost.ParseRoles(roles));

    [Fact]
    public void An_unknown_role_stops_the_host_with_a_message()
    {
        var error = Assert.Throws<ArgumentException>(() => OmnichannelHost.ParseRoles("ingestion,billing"));

        Assert.Contains("Unknown role 'billing'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_this_build_does_not_have_yet_is_refused_rather_than_run_empty()
    {
        var error = Assert.Throws<ArgumentException>(() => OmnichannelHost.ParseRoles("portal"));

        Assert.Contains("not in this build yet", error.Message, StringComparison.Ordinal);
    }
}
