using BenchmarkDotNet.Running;
using Omnichannel.Benchmarks;

if (args is ["footprint"])
{
    Footprint.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
