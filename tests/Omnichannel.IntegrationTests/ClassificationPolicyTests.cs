using Microsoft.Data.Sqlite;
using Omnichannel.IntegrationTests.Infrastructure;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Issue 17: one classification policy per deployment. The journey role records the windows it
/// classifies with; a portal configured with other windows refuses to start, saying which setting to
/// align, and one with the same windows starts. Separate roles on the real broker, one journey file.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class ClassificationPolicyTests(BrokerNode node)
{
    [Fact]
    public async Task A_portal_whose_reiteration_windows_differ_from_the_journey_roles_refuses_to_start()
    {
        node.SkipIfUnavailable();
        var virtualHost = await node.Node.AddVirtualHostAsync($"policy-{Guid.NewGuid():N}");
        var folder = Directory.CreateTempSubdirectory("omnichannel-policy-").FullName;
        var store = new Dictionary<string, string?> { ["Journey:SqlitePath"] = Path.Combine(folder, "journeys.db") };
        Dictionary<string, string?> With(string window, string? incomeTax = null)
        {
            var settings = new Dictionary<string, string?>(store)
            {
                ["Classification:ReiterationWindow"] = window,
                ["Portal:AuditSqlitePath"] = Path.Combine(folder, "audit.db"),
            };
            if (incomeTax is not null)
            {
                settings["Classification:ReiterationWindowByMotivePrefix:income-tax"] = incomeTax;
            }

            return settings;
        }

        var journey = await RoleHost.StartAsync(node, virtualHost, "journey", With("7.00:00:00", "30.00:00:00"));
        try
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => RoleHost.StartAsync(node, virtualHost, "portal", With("14.00:00:00", "30.00:00:00")));
            var missingPrefix = await Assert.ThrowsAnyAsync<Exception>(() => RoleHost.StartAsync(node, virtualHost, "portal", With("7.00:00:00")));
            await using var agreeing = await RoleHost.StartAsync(node, virtualHost, "portal", With("7.00:00:00", "30.00:00:00"));

            Assert.Contains("default=7.00:00:00; income-tax=30.00:00:00", refused.Message, StringComparison.Ordinal);
            Assert.Contains("default=14.00:00:00; income-tax=30.00:00:00", refused.Message, StringComparison.Ordinal);
            Assert.Contains("Classification__ReiterationWindow", refused.Message, StringComparison.Ordinal);
            Assert.Contains("'default=7.00:00:00'", missingPrefix.Message, StringComparison.Ordinal);
        }
        finally
        {
            await journey.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
