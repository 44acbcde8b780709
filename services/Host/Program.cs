using Omnichannel.Host;

if (args is ["demo-engine", ..])
{
    return EngineDemo.Run(Console.Out);
}

await OmnichannelHost.Build(args).RunAsync();
return 0;
