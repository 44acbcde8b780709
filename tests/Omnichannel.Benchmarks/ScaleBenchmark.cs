using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// Issue 22's <c>scale</c> mode: the embedded default as users run it (the built host with its shipped
/// appsettings.json, demo off), fed N interactions of the synthetic stream by N/10 citizens, in batches posted by
/// concurrent clients, from an empty store. Reports the rate stored per tenth of the run, CPU per interaction by
/// process, resident memory over the run, bytes written to disk and file sizes per interaction, then the time from
/// start to ready on the full store, and over HTTP on that store: an advisor's lookup and history of random
/// citizens, a manager's 90-day dashboard with every combination of its filters.
/// </summary>
public static class ScaleBenchmark
{
    /// <param name="output">Where the figures go.</param>
    /// <param name="count">Interactions in the run.</param>
    /// <param name="clients">Concurrent HTTP clients posting.</param>
    /// <param name="batch">Interactions per POST.</param>
    /// <param name="rabbitMq">
    /// The distributed way instead of the embedded default: an ingestion process, two journey replicas on one SQLite
    /// file and a metrics process, on a private RabbitMQ node, against the bare MassTransit relay on that node
    /// measured in the same run (before and after); the reads go to a process of the portal and metrics roles started on the full store.
    /// </param>
    public static async Task RunAsync(TextWriter output, int count, int clients, int batch, bool rabbitMq = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var node = rabbitMq ? new RabbitMqNode() : null;
        if (node is not null)
        {
            await node.InitializeAsync();
            if (node.Unavailable is not null)
            {
                throw new InvalidOperationException(node.Unavailable);
            }
        }

        var folder = Directory.CreateTempSubdirectory("omnichannel-scale-").FullName;
        var transport = node is null
            ? new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory", ["Logging:LogLevel:Default"] = "Warning" }
            : new Dictionary<string, string?>
            {
                ["Bus:Transport"] = "RabbitMq",
                ["RabbitMq:Port"] = node.Port.ToString(CultureInfo.InvariantCulture),
                ["Logging:LogLevel:Default"] = "Warning",
            };
        var database = Path.Combine(folder, "journeys.db");
        var path = node is null ? "the embedded default (one process, in-memory bus, SQLite)" : "RabbitMQ: ingestion, 2 journey replicas on one SQLite file, metrics (4 processes)";
        output.WriteLine($"scale: {count:N0} interactions of {count / 10:N0} citizens (SyntheticStream), batches of {batch} by {clients} clients, {path}, into {folder}");
        var stream = SyntheticStream.Generate(count / 10, count, seed: 22);
        var chunks = stream.Chunk(batch).ToList();

        // The bare relay on the same node, measured before the run and after it, as the ratio's baseline.
        var listener = new PipelineBenchmark.Listener();
        await using var bare = node is null ? null : PipelineBenchmark.BareBus(transport, listener, announcements: false);
        var relay = new List<double>();
        IBusControl? relayBus = null;
        if (bare is not null)
        {
            relayBus = bare.GetRequiredService<IBusControl>();
            await relayBus.StartAsync();
            relay.Add(await PipelineBenchmark.RelayAsync(relayBus, listener, stream[..Math.Min(stream.Count, RelayPings)]));
        }

        var hosts = new List<(string Name, HostProcess Host)>();
        if (node is null)
        {
            hosts.Add(("host", await HostProcess.StartAsync(PipelineBenchmark.HostSettings(transport, folder, "all"))));
        }
        else
        {
            hosts.Add(("journey 1", await HostProcess.StartAsync(PipelineBenchmark.HostSettings(transport, folder, "journey"))));
            hosts.Add(("journey 2", await HostProcess.StartAsync(PipelineBenchmark.HostSettings(transport, folder, "journey"))));
            hosts.Add(("metrics", await HostProcess.StartAsync(PipelineBenchmark.HostSettings(transport, folder, "metrics"))));
            hosts.Add(("ingestion", await HostProcess.StartAsync(PipelineBenchmark.HostSettings(transport, folder, "ingestion"))));
        }

        var front = hosts[^1].Host;
        var processes = hosts.Select(h => (h.Name, Process: Process.GetProcessById(h.Host.ProcessId))).ToList();
        if (node?.ProcessId is { } brokerProcess)
        {
            processes.Add(("broker", Process.GetProcessById(brokerProcess)));
        }

        processes.Add(("load generator", Process.GetCurrentProcess()));
        Console.Error.WriteLine($"processes: {string.Join(", ", processes.Select(p => $"{p.Name} {p.Process.Id}"))}");
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(front.Address) };
        http.DefaultRequestHeaders.Add("X-Api-Key", PipelineBenchmark.Key);

        var samples = new List<(double Seconds, long Stored, double RssMb)>();
        var clock = Stopwatch.StartNew();
        var cpuBefore = processes.Select(p => Cpu(p.Process)).ToList();
        var writtenBefore = processes.Select(p => WrittenBytes(p.Process.Id)).ToList();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add((clock.Elapsed.TotalSeconds, await PipelineBenchmark.StoredAsync(database), hosts.Sum(h => h.Host.MemoryMegabytes())));
                await Task.Delay(1000, CancellationToken.None);
            }
        });

        var next = -1;
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Count)
            {
                var body = PipelineBenchmark.Request(chunks[i]);
                while (true)
                {
                    using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };
                    using var response = await http.PostAsync(batch == 1 ? "/api/v1/interactions" : "/api/v1/interactions/batch", content);
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        break;
                    }

                    // Past the backlog's bound (MessageLog__MaxBacklogBytes) the host answers 503 with Retry-After,
                    // and a channel system posts the same batch again after it, as this client does.
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } wait)
                    {
                        throw new InvalidOperationException($"POST {chunks[i][0].Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    Interlocked.Increment(ref refused);
                    await Task.Delay(wait);
                }
            }
        }));
        var postedIn = clock.Elapsed.TotalSeconds;
        while (await PipelineBenchmark.StoredAsync(database) < count)
        {
            await Task.Delay(200);
        }

        var storedIn = clock.Elapsed.TotalSeconds;
        sampling.Cancel();
        await sampler;
        samples.Add((storedIn, count, hosts.Sum(h => h.Host.MemoryMegabytes())));
        var cpu = processes.Select((p, i) => (p.Name, Micros: (Cpu(p.Process) - cpuBefore[i]).TotalMicroseconds / count)).ToList();
        var written = processes.Select((p, i) => (p.Name, Bytes: (WrittenBytes(p.Process.Id) - writtenBefore[i]) / (double)count)).ToList();
        var peaks = hosts.Select(h => (h.Name, Mb: h.Host.PeakMemoryMegabytes())).ToList();

        output.WriteLine($"  all {count:N0} answered 202 in {postedIn:F1} s ({refused:N0} posts answered 503 past the backlog's bound, posted again after their Retry-After); all stored in {storedIn:F1} s: {count / storedIn:N0}/s overall");
        if (relayBus is not null)
        {
            relay.Add(await PipelineBenchmark.RelayAsync(relayBus, listener, stream[..Math.Min(stream.Count, RelayPings)]));
            await relayBus.StopAsync();
            output.WriteLine($"  bare MassTransit relay on the same node ({RelayPings:N0} publishes -> consumed): {relay[0]:N0} msg/s before the run, {relay[1]:N0} msg/s after; ratio of the overall rate to their mean: {count / storedIn / relay.Average():F2}");
        }

        var tenths = Enumerable.Range(1, 10).Select(k => (K: k, At: Crossing(samples, k * (long)count / 10))).ToList();
        var rates = tenths.Select((t, i) => count / 10.0 / (t.At - (i == 0 ? 0 : tenths[i - 1].At))).ToList();
        output.WriteLine($"  rate per tenth (interactions/s): {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}");
        output.WriteLine($"  last tenth / first tenth: {rates[^1] / rates[0]:F2}");
        output.WriteLine($"  CPU per interaction: {string.Join(", ", cpu.Select(c => $"{c.Name} {c.Micros:N0} µs"))}");
        output.WriteLine($"  resident memory of the host{(hosts.Count > 1 ? "s (sum)" : "")} by tenth (MB): {string.Join(", ", tenths.Select(t => samples.Where(s => s.Seconds <= t.At).Select(s => s.RssMb).DefaultIfEmpty(0).Max().ToString("N0", CultureInfo.InvariantCulture)))}; peak {string.Join(", ", peaks.Select(p => $"{p.Name} {p.Mb:N0} MB"))}");
        output.WriteLine($"  written to disk: {string.Join(", ", written.Where(w => w.Name != "load generator").Select(w => $"{w.Name} {w.Bytes / 1024:N1} KB"))} per interaction");
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            output.WriteLine($"  {Path.GetFileName(file)}: {new FileInfo(file).Length / (double)count:N0} B per interaction");
        }

        foreach (var (_, host) in hosts)
        {
            host.Dispose();
        }

        var restart = Stopwatch.StartNew();
        using (var restarted = await HostProcess.StartAsync(PipelineBenchmark.HostSettings(transport, folder, node is null ? "all" : "portal,metrics")))
        {
            output.WriteLine($"  start to ready on the full store{(node is null ? "" : " (a process of the portal and metrics roles, which serve the pages and APIs read below)")}: {restart.Elapsed.TotalSeconds:F1} s");
            // OMNICHANNEL_SCALE_READS=0 skips them (alternating runs of a write-path change).
            if (Environment.GetEnvironmentVariable("OMNICHANNEL_SCALE_READS") != "0")
            {
                await ReadLatenciesAsync(output, new Uri(restarted.Address), stream);
            }
        }

        // OMNICHANNEL_SCALE_KEEP=1 keeps the store for a look inside (sqlite3's dbstat).
        if (Environment.GetEnvironmentVariable("OMNICHANNEL_SCALE_KEEP") != "1")
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Publishes of the bare relay, before and after the run on RabbitMQ.</summary>
    private const int RelayPings = 200_000;

    /// <summary>Reads the full store as its users do, over HTTP, one request at a time: an advisor's lookup and history, a manager's dashboard.</summary>
    private static async Task ReadLatenciesAsync(TextWriter output, Uri address, List<Contracts.Interaction> stream)
    {
        // The shipped demo users (appsettings.json), signed in by the form as a browser does.
        using var advisor = await SignInAsync(address, "conseiller", "conseiller-demo");
        using var manager = await SignInAsync(address, "pilote", "pilote-demo");

        // Random citizens, found by an identifier one of their interactions carried, then their whole history.
        var random = new Random(7);
        var lookup = new List<double>(HistoryReads);
        var history = new List<double>(HistoryReads);
        for (var i = -WarmReads; i < HistoryReads; i++)
        {
            var identifier = stream[random.Next(stream.Count)].Identifiers[0];
            var started = Stopwatch.GetTimestamp();
            using var found = await advisor.PostAsync("/api/v1/people/lookup", JsonContent.Create(new { type = JsonNamingPolicy.CamelCase.ConvertName(identifier.Type.ToString()), value = identifier.Value }));
            found.EnsureSuccessStatusCode();
            var personId = (await found.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("personId").GetString();
            var looked = Stopwatch.GetTimestamp();
            using var journey = await advisor.GetAsync($"/api/v1/people/{personId}/journey?reason=incoming-call");
            journey.EnsureSuccessStatusCode();
            await journey.Content.ReadAsByteArrayAsync();
            if (i >= 0)
            {
                lookup.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                history.Add(Stopwatch.GetElapsedTime(looked).TotalMilliseconds);
            }
        }

        output.WriteLine($"  {HistoryReads:N0} random citizens over HTTP, one at a time: history p50 {Percentile(history, 0.5):F1} ms, p99 {Percentile(history, 0.99):F1} ms; lookup + history p50 {Percentile(lookup, 0.5):F1} ms, p99 {Percentile(lookup, 0.99):F1} ms");

        // Every combination of the dashboard's filters over the 90 days that end with the data: the summary
        // alone (the tiles), then the whole page as pilotage.js loads it (its requests at once).
        var last = DateOnly.FromDateTime(stream.Max(i => i.OccurredAt).UtcDateTime);
        var period = $"from={last.AddDays(-89):yyyy-MM-dd}&to={last:yyyy-MM-dd}";
        var motive = stream.First(i => i.Subject is not null).Subject!.Motive;
        var service = stream[0].Service;
        output.WriteLine($"  90-day dashboard ({period}), {DashboardReads} loads per combination of filters, one at a time:");
        foreach (var channel in new[] { null, "phone" })
        {
            foreach (var m in new[] { null, motive })
            {
                foreach (var s in new[] { null, service })
                {
                    var filters = period + (channel is null ? "" : $"&channel={channel}") + (m is null ? "" : $"&motive={Uri.EscapeDataString(m)}") + (s is null ? "" : $"&service={Uri.EscapeDataString(s)}");
                    var summary = new List<double>(DashboardReads);
                    var page = new List<double>(DashboardReads);
                    // Each request of the page timed on its own too (they run at once, so each shares the cores
                    // with the others): which one the page waits for.
                    string[] requests =
                    [
                        $"summary?{filters}", $"timeseries?{filters}", $"motives?{filters}", $"channel-switches?{filters}", $"services?{filters}",
                        "due?days=7" + (s is null ? "" : $"&service={Uri.EscapeDataString(s)}"),
                    ];
                    var each = requests.Select(_ => new List<double>(DashboardReads)).ToArray();
                    for (var i = -WarmReads / 10; i < DashboardReads; i++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await GetAsync(manager, $"/api/v1/metrics/summary?{filters}");
                        var summarized = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        started = Stopwatch.GetTimestamp();
                        var took = await Task.WhenAll(requests.Select(async r =>
                        {
                            var alone = Stopwatch.GetTimestamp();
                            await GetAsync(manager, $"/api/v1/metrics/{r}");
                            return Stopwatch.GetElapsedTime(alone).TotalMilliseconds;
                        }));
                        if (i >= 0)
                        {
                            summary.Add(summarized);
                            page.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            for (var r = 0; r < requests.Length; r++)
                            {
                                each[r].Add(took[r]);
                            }
                        }
                    }

                    output.WriteLine($"    channel {channel ?? "all",-5} motive {m ?? "all",-22} service {s ?? "all",-6}: summary p50 {Percentile(summary, 0.5),5:F1} ms, p99 {Percentile(summary, 0.99),5:F1} ms; whole page p50 {Percentile(page, 0.5),5:F1} ms, p99 {Percentile(page, 0.99),5:F1} ms");
                    output.WriteLine($"      within the page, p50 (p99): {string.Join(", ", Enumerable.Range(0, requests.Length).Select(r => $"{requests[r].Split('?')[0]} {Percentile(each[r], 0.5):F1} ({Percentile(each[r], 0.99):F1})"))} ms");
                }
            }
        }
    }

    private const int HistoryReads = 2_000;
    private const int DashboardReads = 200;
    private const int WarmReads = 200;

    private static async Task GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A client holding a session of the user, signed in through the form with its antiforgery token.</summary>
    private static async Task<HttpClient> SignInAsync(Uri address, string name, string password)
    {
        var client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var form = await client.GetStringAsync("/connexion");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/connexion", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Identifiant"] = name,
            ["MotDePasse"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"signing in {name}: {(int)response.StatusCode}");
        }

        return client;
    }

    private static double Percentile(List<double> values, double rank)
    {
        values.Sort();
        return values[Math.Clamp((int)Math.Ceiling(rank * values.Count) - 1, 0, values.Count - 1)];
    }

    private static TimeSpan Cpu(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>The bytes a process caused to be written to storage (<c>/proc/PID/io</c>'s write_bytes), 0 where it cannot be read.</summary>
    private static long WrittenBytes(int processId)
    {
        try
        {
            var line = File.ReadLines($"/proc/{processId}/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["write_bytes:".Length..].Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>When the store reached <paramref name="stored"/> interactions, interpolated between two samples.</summary>
    private static double Crossing(List<(double Seconds, long Stored, double RssMb)> samples, long stored)
    {
        for (var i = 1; i < samples.Count; i++)
        {
            if (samples[i].Stored >= stored)
            {
                var (a, b) = (samples[i - 1], samples[i]);
                return b.Stored == a.Stored ? b.Seconds : a.Seconds + ((stored - a.Stored) * (b.Seconds - a.Seconds) / (b.Stored - a.Stored));
            }
        }

        return samples[^1].Seconds;
    }
}
