using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Ingestion;
using Omnichannel.Ingestion.Http;

namespace Omnichannel.Host.Demo;

/// <summary>
/// Posts the demo month to this very host through its ingestion API, as the channel systems would, with
/// the API key of each interaction's source, in batches, with a progress bar. Then says where to look.
/// </summary>
public sealed partial class DemoSeeder(
    IServer server, IHostApplicationLifetime lifetime, IOptions<DemoOptions> demo, IOptions<IngestionOptions> ingestion,
    TimeProvider time, ILogger<DemoSeeder> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) }, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        var address = server.Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        var month = DemoMonth.Generate(demo.Value.Citizens, time.GetUtcNow());
        var keys = ingestion.Value.ApiKeys;
        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(1) };
        var progress = new ProgressBar(month.Count);
        var posted = 0;
        var refused = 0;
        foreach (var group in month.GroupBy(i => (i.Source, i.Channel)))
        {
            if (keys.FirstOrDefault(k => k.Source == group.Key.Source && k.Channels.Contains(group.Key.Channel.ToString(), StringComparer.OrdinalIgnoreCase)) is not { } key)
            {
                LogNoKey(logger, group.Key.Source, group.Key.Channel.ToString(), group.Count());
                refused += group.Count();
                continue;
            }

            foreach (var batch in group.Chunk(BatchSize))
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interactions/batch") { Content = JsonContent.Create(Bodies(batch)) };
                request.Headers.Add("X-Api-Key", key.Key);
                using var response = await http.SendAsync(request, stoppingToken);
                var answer = await response.Content.ReadAsStringAsync(stoppingToken);
                if (!response.IsSuccessStatusCode)
                {
                    LogBatchRefused(logger, (int)response.StatusCode, answer);
                    refused += batch.Length;
                }
                else if (JsonSerializer.Deserialize<BatchReceipt>(answer, Json) is { Rejected: > 0 } receipt)
                {
                    LogItemsRefused(logger, receipt.Rejected, JsonSerializer.Serialize(receipt.Items.First(i => i.Status == "rejected").Errors));
                    refused += receipt.Rejected;
                }

                posted += batch.Length;
                progress.Show(posted);
            }
        }

        progress.Done();
        LogSeeded(logger, month.Count - refused, demo.Value.Citizens, address);
    }

    /// <summary>Waits for the host to listen; false when it stops first.</summary>
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        await Task.WhenAny(started.Task, Task.Delay(Timeout.Infinite, stoppingToken)).ConfigureAwait(false);
        return started.Task.IsCompleted && !stoppingToken.IsCancellationRequested;
    }

    /// <summary>The canonical bodies: the source comes from the API key, never from the body.</summary>
    private static JsonArray Bodies(IEnumerable<Interaction> batch)
    {
        var bodies = new JsonArray();
        foreach (var interaction in batch)
        {
            var body = JsonSerializer.SerializeToNode(interaction, Json)!.AsObject();
            body.Remove("source");
            bodies.Add(body);
        }

        return bodies;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: no API key for source {Source} on channel {Channel}; {Count} interaction(s) left out")]
    private static partial void LogNoKey(ILogger logger, string source, string channel, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: a batch was refused with {Status}: {Problem}")]
    private static partial void LogBatchRefused(ILogger logger, int status, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo: {Count} interaction(s) of a batch refused, e.g. {Errors}")]
    private static partial void LogItemsRefused(ILogger logger, int count, string errors);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo: {Count} interactions of {Citizens} citizens posted through the ingestion API; the journeys and dashboards fill in as they are processed. Open {Address}/connexion")]
    private static partial void LogSeeded(ILogger logger, int count, int citizens, string address);

    /// <summary>A bar on a terminal, a line every tenth otherwise (logs, CI).</summary>
    private sealed class ProgressBar(int total)
    {
        private const int Width = 40;
        private readonly bool _terminal = !Console.IsOutputRedirected;
        private int _lastTenth = -1;

        public void Show(int done)
        {
            var share = total == 0 ? 1 : (double)done / total;
            if (_terminal)
            {
                var filled = (int)(share * Width);
                Console.Write($"\rDemo: [{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {done:N0}/{total:N0} interactions");
            }
            else if ((int)(share * 10) is var tenth && tenth != _lastTenth)
            {
                _lastTenth = tenth;
                Console.WriteLine($"Demo: {share:P0} ({done:N0}/{total:N0} interactions)");
            }
        }

        public void Done()
        {
            if (_terminal)
            {
                Console.WriteLine();
            }
        }
    }
}
