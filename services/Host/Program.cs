using Omnichannel.Host;

if (args is ["demo-engine", ..])
{
    return EngineDemo.Run(Console.Out);
}

if (args is ["hash-password", ..])
{
    return PasswordCommand.Run(Console.In, Console.Out);
}

if (args is ["health", var url, ..])
{
    return await HealthCommand.RunAsync(new Uri(url), Console.Out);
}

if (args is ["replay-errors", ..])
{
    return await ReplayErrorsCommand.RunAsync(args, Console.Out);
}

await OmnichannelHost.Build(args).RunAsync();
return 0;
