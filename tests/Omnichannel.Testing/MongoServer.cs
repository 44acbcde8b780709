using System.Diagnostics;
using System.Net.Sockets;

namespace Omnichannel.Testing;

/// <summary>
/// A MongoDB server for the store tests: the one <c>OMNICHANNEL_TEST_MONGODB_URI</c> names, else a private
/// <c>mongod</c> (when one is on PATH) on a free loopback port with its own data folder. scripts/test.sh
/// sets the variable to the team's wire-protocol emulator when neither is there. None at all:
/// <see cref="Unavailable"/> says so and the tests that need a server skip with that reason, or, under
/// <c>CI=true</c>, fail (the queries are still checked by rendering them to BSON). A test class takes it
/// as its fixture (<c>IClassFixture&lt;MongoServer&gt;</c>) and gives each test a database of its own.
/// </summary>
public sealed class MongoServer : Xunit.IAsyncLifetime
{
    public const string UriVariable = "OMNICHANNEL_TEST_MONGODB_URI";
    private string? _folder;
    private Process? _server;

    /// <summary>The connection string, once available.</summary>
    public string ConnectionString { get; private set; } = "";

    public string? Unavailable { get; private set; }

    /// <summary>
    /// The server is the team's wire-protocol emulator (scripts/test.sh says so in
    /// <c>OMNICHANNEL_TEST_MONGODB_EMULATOR=1</c>): right answers, no performance, every query a scan.
    /// </summary>
    public bool IsEmulator => Environment.GetEnvironmentVariable("OMNICHANNEL_TEST_MONGODB_EMULATOR") == "1";

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(UriVariable) is { Length: > 0 } uri)
        {
            ConnectionString = uri;
            return;
        }

        var mongod = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "mongod"))
            .FirstOrDefault(File.Exists);
        if (mongod is null)
        {
            Unavailable = $"No MongoDB server here: set {UriVariable}, put mongod on PATH, or run scripts/test.sh beside the team's emulator (../shared/tools/mongo-emulator) to run the MongoDB tests.";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"CI=true and {Unavailable}");
            }

            return;
        }

        _folder = Directory.CreateTempSubdirectory("omnichannel-mongo-").FullName;
        var port = RabbitMqNode.FreePort();
        var start = new ProcessStartInfo(mongod)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--dbpath", _folder, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind_ip", "127.0.0.1" })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        _ = _server.StandardOutput.ReadToEndAsync();
        _ = _server.StandardError.ReadToEndAsync();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                ConnectionString = $"mongodb://127.0.0.1:{port}";
                return;
            }
            catch (SocketException) when (!_server.HasExited)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"mongod did not listen on port {port}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }

        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
