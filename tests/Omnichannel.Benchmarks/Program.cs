using BenchmarkDotNet.Running;
using Omnichannel.Benchmarks;

if (args is ["footprint"])
{
    Footprint.Run(Console.Out);
    return;
}

if (args is ["ingest", ..])
{
    var perRound = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
    await IngestBenchmark.RunAsync(Console.Out, perRound, clients: 32);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
