using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Omnichannel.Testing;

/// <summary>
/// The host's build (beside the caller's assembly) in a process of its own, configured by environment variables;
/// killed by its PID on dispose, or at once with <see cref="Kill"/> (SIGKILL: no stop, no flush), as a crash.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    private HostProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Where the output of the host process with this id is kept.</summary>
    public static string LogPath(int processId) => Path.Combine(Path.GetTempPath(), $"omnichannel-host-{processId}.log");

    /// <summary>Starts the host and returns once its <c>/health/ready</c> answers 200.</summary>
    /// <param name="configuration">Settings, as environment variables.</param>
    /// <param name="workingDirectory">The folder it starts in (the runner's by default).</param>
    public static async Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string?> configuration, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dll = Path.Combine(AppContext.BaseDirectory, "Omnichannel.Host.dll");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        info.ArgumentList.Add(dll);
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        info.Environment["Demo__OnFirstRun"] = "false";
        foreach (var (key, value) in configuration)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(info)!;
        // Its logs, kept for after the run: a benchmark that stalls is diagnosed from them.
        var log = TextWriter.Synchronized(new StreamWriter(LogPath(process.Id)) { AutoFlush = true });
        process.OutputDataReceived += (_, line) => log.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => log.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, $"http://127.0.0.1:{port}");
        using var probe = new HttpClient { BaseAddress = new Uri(host.Address) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var ready = await probe.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        host.Dispose();
        throw new InvalidOperationException("The host did not become ready within 60 s.");
    }

    /// <summary>The most resident memory the process has had (VmHWM), in megabytes.</summary>
    public double PeakMemoryMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>SIGKILL, as a crash: whatever the process had not made durable is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>The resident memory of the process now (VmRSS), in megabytes.</summary>
    public double MemoryMegabytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
