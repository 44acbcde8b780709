using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Omnichannel.Contracts;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// A store fault is a wait, not a poison message: the embedded host's journey store on a small tmpfs that
/// fills up stops storing, says so in its readiness, sends nothing to an error queue, and once there is room
/// again stores every accepted interaction and is ready again, by itself.
/// </summary>
public sealed class StoreOutageTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_the_journey_store_disk_full_nothing_is_lost_nothing_faults_and_readiness_tells_it()
    {
        if (Environment.UserName != "root")
        {
            Assert.Skip("Mounting a small tmpfs for the journey store needs root (CI runs as root).");
        }

        var folder = Directory.CreateTempSubdirectory("omnichannel-full-").FullName;
        var disk = Directory.CreateDirectory(Path.Combine(folder, "journey-disk")).FullName;
        // Room, once the filler is gone, for the journey file and its write-ahead log: the log grows between
        // checkpoints (every 100,000 pages, SqliteFile.TuneForWriting; some tens of MB for these 7,000
        // interactions), and a disk too small for it fills up again by itself.
        Run("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", disk);
        var random = new Random(31);
        var stream = SyntheticStream.Generate(700, 7_000, seed: 31);
        using var host = new EmbeddedProcess(folder, journeyFolder: disk);
        try
        {
            await host.StartAsync();
            var accepted = new ConcurrentDictionary<InteractionKey, bool>();
            await host.PostAllAsync(EmbeddedProcess.Batches(stream.Take(1_000), 50, random), clients: 2, accepted, Cancel);
            await host.WaitUntilDrainedAsync(1_000, TimeSpan.FromMinutes(1), Cancel);

            var filler = Path.Combine(disk, "filler");
            Fill(filler);
            await host.PostAllAsync(EmbeddedProcess.Batches(stream.Skip(1_000), 50, random), clients: 2, accepted, Cancel);
            Assert.Equal(stream.Count, accepted.Count);
            await ReadyAsync(host, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
            Assert.True(await host.StoredAsync() < stream.Count, "Everything was stored on a full disk.");
            Assert.Equal(0, (await host.LogAsync()).Faulted);

            File.Delete(filler);
            await host.WaitUntilDrainedAsync(stream.Count, TimeSpan.FromMinutes(2), Cancel);
            await ReadyAsync(host, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
            Assert.Equal((0L, 0L), await host.LogAsync());
            host.Kill();
            await host.AssertStoredAsync(stream, Cancel);
        }
        finally
        {
            host.Dispose();
            Run("umount", disk);
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Writes until the file system has no room left.</summary>
    private static void Fill(string path)
    {
        var block = new byte[1 << 16];
        using var file = File.Create(path);
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    private static Task ReadyAsync(EmbeddedProcess host, HttpStatusCode expected, TimeSpan within) =>
        EmbeddedProcess.WaitForReadinessAsync(host.Http, expected, within, Cancel);

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }
}
