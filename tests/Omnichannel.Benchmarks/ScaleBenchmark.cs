using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Omnichannel.Testing;

namespace Omnichannel.Benchmarks;

/// <summary>
/// Issue 22's <c>scale</c> mode: the embedded default as users run it (the built host with its shipped
/// appsettings.json, demo off), fed N interactions of the synthetic stream by N/10 citizens, in batches posted by
/// concurrent clients, from an empty store. Reports the rate stored per tenth of the run, CPU per interaction by
/// process, resident memory over the run, bytes written to disk and file sizes per interaction, then the time from
/// start to ready on the full store.
/// Not yet: the history and dashboard latencies on the full store (JourneyReadBenchmark and DashboardBenchmark
/// measure them on stores they build themselves).
/// </summary>
public static class ScaleBenchmark
{
    public static async Task RunAsync(TextWriter output, int count, int clients, int batch)
    {
        ArgumentNullException.ThrowIfNull(output);
        var folder = Directory.CreateTempSubdirectory("omnichannel-scale-").FullName;
        var settings = PipelineBenchmark.HostSettings(new Dictionary<string, string?> { ["Bus:Transport"] = "InMemory", ["Logging:LogLevel:Default"] = "Warning" }, folder, "all");
        var database = Path.Combine(folder, "journeys.db");
        output.WriteLine($"scale: {count:N0} interactions of {count / 10:N0} citizens (SyntheticStream), batches of {batch} by {clients} clients, into {folder}");
        var stream = SyntheticStream.Generate(count / 10, count, seed: 22);
        var chunks = stream.Chunk(batch).ToList();

        var host = await HostProcess.StartAsync(settings);
        var process = Process.GetProcessById(host.ProcessId);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = new Uri(host.Address) };
        http.DefaultRequestHeaders.Add("X-Api-Key", PipelineBenchmark.Key);

        var samples = new List<(double Seconds, long Stored, double RssMb)>();
        var clock = Stopwatch.StartNew();
        var cpuBefore = (Host: Cpu(process), Load: Cpu(Process.GetCurrentProcess()));
        var writtenBefore = WrittenBytes(host.ProcessId);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                samples.Add((clock.Elapsed.TotalSeconds, await PipelineBenchmark.StoredAsync(database), host.MemoryMegabytes()));
                await Task.Delay(1000, CancellationToken.None);
            }
        });

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < chunks.Count)
            {
                using var content = new ByteArrayContent(PipelineBenchmark.Request(chunks[i])) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };
                using var response = await http.PostAsync(batch == 1 ? "/api/v1/interactions" : "/api/v1/interactions/batch", content);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"POST {chunks[i][0].Id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
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
        samples.Add((storedIn, count, host.MemoryMegabytes()));
        var hostCpu = (Cpu(process) - cpuBefore.Host).TotalMicroseconds / count;
        var loadCpu = (Cpu(Process.GetCurrentProcess()) - cpuBefore.Load).TotalMicroseconds / count;
        var written = (WrittenBytes(host.ProcessId) - writtenBefore) / (double)count;
        var peak = host.PeakMemoryMegabytes();

        output.WriteLine($"  all {count:N0} answered 202 in {postedIn:F1} s; all stored in {storedIn:F1} s: {count / storedIn:N0}/s overall");
        var tenths = Enumerable.Range(1, 10).Select(k => (K: k, At: Crossing(samples, k * (long)count / 10))).ToList();
        var rates = tenths.Select((t, i) => count / 10.0 / (t.At - (i == 0 ? 0 : tenths[i - 1].At))).ToList();
        output.WriteLine($"  rate per tenth (interactions/s): {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}");
        output.WriteLine($"  last tenth / first tenth: {rates[^1] / rates[0]:F2}");
        output.WriteLine($"  CPU per interaction: host {hostCpu:N0} µs, load generator {loadCpu:N0} µs");
        output.WriteLine($"  resident memory of the host by tenth (MB): {string.Join(", ", tenths.Select(t => samples.Where(s => s.Seconds <= t.At).Select(s => s.RssMb).DefaultIfEmpty(0).Max().ToString("N0", CultureInfo.InvariantCulture)))}; peak {peak:N0} MB");
        output.WriteLine($"  written to disk by the host: {written / 1024:N1} KB per interaction");
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            output.WriteLine($"  {Path.GetFileName(file)}: {new FileInfo(file).Length / (double)count:N0} B per interaction");
        }

        host.Dispose();
        var restart = Stopwatch.StartNew();
        using (await HostProcess.StartAsync(settings))
        {
            output.WriteLine($"  start to ready on the full store: {restart.Elapsed.TotalSeconds:F1} s");
        }

        Directory.Delete(folder, recursive: true);
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
