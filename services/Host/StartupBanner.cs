using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Omnichannel.Host.Demo;

namespace Omnichannel.Host;

/// <summary>Says, once the host listens, where to go and how to sign in.</summary>
public sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<DemoOptions> demo, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(no address)";
            LogWhereToGo(logger, address);
            if (!string.IsNullOrWhiteSpace(demo.Value.SignInHint))
            {
                LogSignIn(logger, demo.Value.SignInHint);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Omnichannel is up: pages at {Address}/connexion, API reference at {Address}/api/reference, health at {Address}/health/ready")]
    private static partial void LogWhereToGo(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign in as {Hint}")]
    private static partial void LogSignIn(ILogger logger, string hint);
}
