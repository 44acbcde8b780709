using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Omnichannel.Hosting;

/// <summary>
/// Work a module does once at start, such as creating or migrating its store. Hosted services start in
/// registration order, so a module registered before the bus is ready before the first message.
/// </summary>
public static class StartupInitialization
{
    public static IServiceCollection AddStartupInitializer<TService>(this IServiceCollection services, Func<TService, CancellationToken, Task> initialize)
        where TService : notnull =>
        // Not AddHostedService: it keeps one registration per implementation type, and every module has one.
        services.AddSingleton<IHostedService>(sp => new Initializer(token => initialize(sp.GetRequiredService<TService>(), token)));

    private sealed class Initializer(Func<CancellationToken, Task> initialize) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => initialize(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
