using System.Net;
using System.Text;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// Issue 16: the built host started from a folder without its settings (the repository root, say) reads
/// them from its own folder: it used to stop at start with "Ingestion:ApiKeys is empty".
/// </summary>
public sealed class StartedAnywhereTests
{
    [Fact]
    public async Task The_built_host_started_from_another_folder_reads_its_own_settings()
    {
        var folder = Directory.CreateTempSubdirectory("omnichannel-anywhere-").FullName;
        try
        {
            Assert.False(File.Exists(Path.Combine(folder, "appsettings.json")));
            using var host = await HostProcess.StartAsync(new Dictionary<string, string?>(), workingDirectory: folder);
            using var client = new HttpClient { BaseAddress = new Uri(host.Address) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions")
            {
                Content = new StringContent("""{"id":"anywhere-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"0612345678"}],"subject":{"motive":"a.b"}}""", Encoding.UTF8, "application/json"),
            };
            // The demo key of appsettings.json: read from the binary's folder.
            request.Headers.Add("X-Api-Key", "demo-cti-key");

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            // Relative data paths stay under the folder it was started in.
            Assert.True(File.Exists(Path.Combine(folder, "data", "journeys.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
