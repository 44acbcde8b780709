using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
namespace Omnichannel.Testing;

/// <summary>
/// A private RabbitMQ node on free loopback ports with its own folders, started from Debian's
/// rabbitmq-server (the lib script: the /usr/sbin wrapper switches user and writes to /var/log).
/// Without rabbitmq-server, <see cref="Unavailable"/> says why (tests skip with that reason), except
/// under CI=true, where starting fails.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly string _folder = Directory.CreateTempSubdirectory("omnichannel-rabbit-").FullName;
    private Process? _server;

    public int Port { get; } = FreePort();

    public int DistributionPort { get; } = FreePort();

    public string NodeName => $"omni{Port}@localhost";

    /// <summary>Why the node is not available, when it is not.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>The broker's operating-system process (the Erlang VM), once started; for measuring its CPU.</summary>
    public int? ProcessId => File.Exists(Path.Combine(_folder, "pid")) && int.TryParse(File.ReadAllText(Path.Combine(_folder, "pid")).Trim(), out var pid) ? pid : null;

    public async ValueTask InitializeAsync()
    {
        // Started once: a fixture and a benchmark both call this.
        if (_server is not null || Unavailable is not null)
        {
            return;
        }

        if (!File.Exists(Path.Combine(Bin, "rabbitmq-server")))
        {
            Unavailable = "rabbitmq-server is not installed (scripts/test.sh installs it with apt-get).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"CI=true and {Unavailable}");
            }

            return;
        }

        Directory.CreateDirectory(Path.Combine(_folder, "mnesia"));
        Directory.CreateDirectory(Path.Combine(_folder, "log"));
        Directory.CreateDirectory(Path.Combine(_folder, "home"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "enabled_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(_folder, "rabbitmq.conf"), $"listeners.tcp.default = 127.0.0.1:{Port}\nloopback_users = none\n");
        await StartAsync();
    }

    /// <summary>Starts the node (again, after <see cref="StopAsync"/>: durable queues and persistent messages survive).</summary>
    public async Task StartAsync()
    {
        _server = Process.Start(Configure(new ProcessStartInfo(Path.Combine(Bin, "rabbitmq-server"))))!;
        _ = _server.StandardOutput.ReadToEndAsync();
        _ = _server.StandardError.ReadToEndAsync();
        var (code, output) = await CtlAsync("wait", Path.Combine(_folder, "pid"), "--timeout", "90");
        if (code != 0)
        {
            throw new InvalidOperationException($"RabbitMQ node {NodeName} did not start: {output}");
        }
    }

    public async Task StopAsync()
    {
        await CtlAsync("shutdown");
        if (_server is { HasExited: false })
        {
            await _server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Only a node that was started has anything to stop: rabbitmqctl against nothing crashes Erlang.
        if (Unavailable is null && _server is not null)
        {
            await StopAsync();
            if (_server is { HasExited: false })
            {
                _server.Kill(entireProcessTree: true);
            }

            // The node started Erlang's port mapper daemon; it refuses to stop while another node is registered.
            if (File.Exists("/usr/bin/epmd"))
            {
                using var epmd = Process.Start(new ProcessStartInfo("/usr/bin/epmd", "-kill") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false });
                await epmd!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held by a dying node; the folder is in /tmp.
        }
    }

    /// <summary>A virtual host of its own for one test: its queues and exchanges cannot mix with other tests'.</summary>
    public async Task<string> AddVirtualHostAsync(string name)
    {
        foreach (var command in new[] { new[] { "add_vhost", name }, ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"] })
        {
            var (code, output) = await CtlAsync(command);
            if (code != 0)
            {
                throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', command)} failed: {output}");
            }
        }

        return name;
    }

    /// <summary>Every queue of a virtual host with its ready and unacknowledged messages and consumers, for a failure message.</summary>
    public async Task<string> DescribeQueuesAsync(string virtualHost) =>
        (await CtlAsync("list_queues", "-p", virtualHost, "name", "messages_ready", "messages_unacknowledged", "consumers")).Output;

    private async Task<(int Code, string Output)> CtlAsync(params string[] arguments)
    {
        var info = Configure(new ProcessStartInfo(Path.Combine(Bin, "rabbitmqctl")));
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add(NodeName);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var ctl = Process.Start(info)!;
        var output = ctl.StandardOutput.ReadToEndAsync();
        var error = ctl.StandardError.ReadToEndAsync();
        await ctl.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        return (ctl.ExitCode, await output + await error);
    }

    private ProcessStartInfo Configure(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var env = info.Environment;
        env["HOME"] = Path.Combine(_folder, "home");
        env["RABBITMQ_NODENAME"] = NodeName;
        env["RABBITMQ_NODE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        env["RABBITMQ_MNESIA_BASE"] = Path.Combine(_folder, "mnesia");
        env["RABBITMQ_LOG_BASE"] = Path.Combine(_folder, "log");
        env["RABBITMQ_CONFIG_FILE"] = Path.Combine(_folder, "rabbitmq");
        env["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_folder, "enabled_plugins");
        env["RABBITMQ_PID_FILE"] = Path.Combine(_folder, "pid");
        // The broker shares the machine with the processes it serves: its schedulers must not spin while they
        // wait for work (RabbitMQ's runtime tuning guide, "scheduler busy waiting"), which only takes cores
        // from the others. infra/README.md says the same for a broker that shares its host.
        env["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "+sbwt none +sbwtdcpu none +sbwtdio none";

        // Erlang writes erl_crash.dump into the working folder unless told otherwise.
        env["ERL_CRASH_DUMP"] = Path.Combine(_folder, "erl_crash.dump");
        return info;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
