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

if (args is ["pipeline", .., "--store", "mongodb"])
{
    // The MongoDB journey store: the server OMNICHANNEL_TEST_MONGODB_URI names, else a private mongod from PATH.
    await using var mongo = new Omnichannel.Testing.MongoServer();
    await mongo.InitializeAsync();
    if (mongo.Unavailable is not null)
    {
        Console.Error.WriteLine($"The MongoDB path needs a MongoDB server, and none is reachable here: {mongo.Unavailable}");
        Environment.ExitCode = 2;
        return;
    }

    if (mongo.IsEmulator)
    {
        Console.WriteLine("NOTE: the server is the team's wire-protocol emulator: this run proves the wiring; its figures are not performance and must not be reported as such.");
    }

    await PipelineBenchmark.RunAsync(
        Console.Out,
        args.Length > 3 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        batch: args.Length > 4 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1,
        mongo: mongo);
    return;
}

if (args is ["pipeline", ..])
{
    await PipelineBenchmark.RunAsync(
        Console.Out,
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        batch: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return;
}

if (args is ["embedded", ..])
{
    await PipelineBenchmark.RunAsync(
        Console.Out,
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        embedded: true,
        batch: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1);
    return;
}

if (args is ["scale", ..])
{
    // bash scripts/bench.sh scale [N] [rabbitmq]: N interactions (1,000,000 by default; 10,000,000 on demand), batches of 100 by 8 clients,
    // on the embedded default, or on RabbitMQ with two journey replicas.
    await ScaleBenchmark.RunAsync(
        Console.Out,
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        clients: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8,
        batch: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 100,
        rabbitMq: args.Length > 4 && args[4] == "rabbitmq");
    return;
}

if (args is ["dashboard", ..])
{
    await DashboardBenchmark.RunAsync(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args is ["read", ..])
{
    await JourneyReadBenchmark.RunAsync(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
    return;
}

if (args is ["stitch", ..])
{
    await StitchThroughput.RunAsync(
        Console.Out,
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1,
        args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return;
}

if (args is ["rollup", ..])
{
    await RollUpThroughput.RunAsync(
        Console.Out,
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(EngineBenchmarks).Assembly).Run(args);
