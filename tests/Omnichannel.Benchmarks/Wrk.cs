using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Omnichannel.Benchmarks;

/// <summary>
/// Drives the host with wrk (Debian's package), a C load generator that leaves the CPU to the server:
/// 32 keep-alive connections posting canonical phone contacts, each with its own id and number.
/// </summary>
public static partial class Wrk
{
    public static bool Available => File.Exists("/usr/bin/wrk");

    private const string Script = """
        local counter = 0
        local threads = 0
        function setup(thread)
          thread:set("tid", threads)
          threads = threads + 1
        end
        function init(args)
          prefix = args[1]
          key = args[2]
        end
        function request()
          counter = counter + 1
          local body = string.format('{"id":"%s-%d-%d","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"+336%08d"},{"type":"taxId","value":"%013d"}],"subject":{"motive":"income-tax.correction"},"outcome":"resolved","service":"SIP Paris 15"}',
            prefix, tid, counter, (tid * 10000000 + counter) % 100000000, 1000000000000 + tid * 10000000 + counter)
          return wrk.format("POST", "/api/v1/interactions", { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
        end
        """;

    /// <returns>Requests per second that got a 2xx, and the p50 and p99 latencies in milliseconds.</returns>
    public static async Task<(double Accepted, double P50, double P99)> RunAsync(string address, string apiKey, string prefix, int connections, TimeSpan duration)
    {
        var script = Path.Combine(Path.GetTempPath(), "omnichannel-ingest.lua");
        await File.WriteAllTextAsync(script, Script);
        var info = new ProcessStartInfo("/usr/bin/wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "-s", script, address, "--", prefix, apiKey })
        {
            info.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(info)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        var total = double.Parse(Match(RequestsTotal(), output), CultureInfo.InvariantCulture);
        var failed = NonSuccess().Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = double.Parse(Match(Elapsed(), output), CultureInfo.InvariantCulture);
        return ((total - failed) / seconds, Latency(output, "50%"), Latency(output, "99%"));
    }

    private static string Match(Regex regex, string output) =>
        regex.Match(output) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"Unexpected wrk output:\n{output}");

    private static double Latency(string output, string percentile)
    {
        var m = Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsTotal();

    [GeneratedRegex(@"requests in ([\d.]+)s")]
    private static partial Regex Elapsed();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();
}
