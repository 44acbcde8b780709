using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Omnichannel.Host.Demo;

namespace Omnichannel.Host;

/// <summary>Says, once the host listens, which roles it runs, where to go and how to sign in.</summary>
public sealed partial class StartupBanner(Role roles, IServer server, IHostApplicationLifetime lifetime, IOptions<DemoOptions> demo, ILogger<StartupBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "(no address)";
            LogWhereToGo(logger, Describe(roles, address));
            if (roles.HasFlag(Role.Portal) && !string.IsNullOrWhiteSpace(demo.Value.SignInHint))
            {
                LogSignIn(logger, demo.Value.SignInHint);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What a node of these roles serves at <paramref name="address"/>: only what it runs.</summary>
    public static string Describe(Role roles, string address)
    {
        var serves = new List<string>();
        if (roles.HasFlag(Role.Portal))
        {
            serves.Add($"pages at {address}/connexion");
        }

        if (roles.HasFlag(Role.Ingestion))
        {
            serves.Add($"ingestion API at {address}/api/v1/interactions");
        }

        if (roles.HasFlag(Role.Metrics))
        {
            serves.Add($"metrics API at {address}/api/v1/metrics");
        }

        if (roles.HasFlag(Role.Journey))
        {
            serves.Add("journeys stitched from the bus");
        }

        if ((roles & (Role.Portal | Role.Ingestion | Role.Metrics)) != 0)
        {
            serves.Add($"API reference at {address}/api/reference");
        }

        serves.Add($"health at {address}/health/ready");
        var names = roles == Role.All ? "all" : roles.ToString().ToLowerInvariant();
        return $"Omnichannel is up (roles: {names}): {string.Join(", ", serves)}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Description}")]
    private static partial void LogWhereToGo(ILogger logger, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign in as {Hint}")]
    private static partial void LogSignIn(ILogger logger, string hint);
}
