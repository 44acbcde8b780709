using Omnichannel.Host;

// Until the modules are hosted here, the host replays DOMAIN.md's worked examples through the engine.
return EngineDemo.Run(Console.Out);
