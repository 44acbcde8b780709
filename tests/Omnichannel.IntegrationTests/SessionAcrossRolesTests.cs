using System.Net;
using Microsoft.Data.Sqlite;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Portal.Users;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Issue 16: a session signed out on the portal is refused by the metrics role too, as behind the compose
/// gateway: two processes' worth of hosts sharing the keys folder, on the real broker.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class SessionAcrossRolesTests(BrokerNode node)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_signed_out_on_the_portal_is_refused_by_the_metrics_role()
    {
        node.SkipIfUnavailable();
        var virtualHost = await node.Node.AddVirtualHostAsync($"sessions-{Guid.NewGuid():N}");
        var folder = Directory.CreateTempSubdirectory("omnichannel-sessions-").FullName;
        var shared = new Dictionary<string, string?> { ["Security:KeysPath"] = Path.Combine(folder, "keys") };
        var portalSettings = new Dictionary<string, string?>(shared)
        {
            ["Journey:SqlitePath"] = Path.Combine(folder, "journeys.db"),
            ["Portal:AuditSqlitePath"] = Path.Combine(folder, "audit.db"),
            // appsettings.json's manager, with a password of the test's own.
            ["Portal:Users:1:Name"] = "pilote",
            ["Portal:Users:1:Role"] = "manager",
            ["Portal:Users:1:PasswordHash"] = UserDirectory.Hash("pilote-test-password"),
        };
        var metricsSettings = new Dictionary<string, string?>(shared) { ["Metrics:SqlitePath"] = Path.Combine(folder, "metrics.db") };
        var portal = await RoleHost.StartAsync(node, virtualHost, "portal", portalSettings);
        var metrics = await RoleHost.StartAsync(node, virtualHost, "metrics", metricsSettings);
        try
        {
            var cookies = new CookieContainer();
            using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = RoleHost.AddressOf(portal) };
            var page = await browser.GetStringAsync("/connexion", Cancel);
            using var signIn = await browser.PostAsync("/connexion", Form(page, ("Identifiant", "pilote"), ("MotDePasse", "pilote-test-password")), Cancel);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            var stolen = cookies.GetCookieHeader(browser.BaseAddress!);
            using var thief = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = RoleHost.AddressOf(metrics) };
            thief.DefaultRequestHeaders.Add("Cookie", stolen);
            const string Summary = "/api/v1/metrics/summary?from=2026-03-01&to=2026-03-31";
            using (var before = await thief.GetAsync(Summary, Cancel))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            page = await browser.GetStringAsync("/pilotage", Cancel);
            using var signOut = await browser.PostAsync("/deconnexion", Form(page), Cancel);
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

            using var after = await thief.GetAsync(Summary, Cancel);
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }
        finally
        {
            await portal.DisposeAsync();
            await metrics.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).Append(KeyValuePair.Create("__RequestVerificationToken", EmbeddedHost.AntiforgeryTokenOf(page))));

}
