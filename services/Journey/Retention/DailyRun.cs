using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnichannel.Hosting.Stores;

namespace Omnichannel.Journey.Retention;

/// <summary>
/// Runs a retention job once a day at <see cref="RetentionOptions.RunAt"/> (UTC) by the given clock. A run that
/// fails is logged and tried again the next day; one that a store outage stops is too. Used by the journey role
/// (interactions) and the portal role (audit entries), each for the store it owns.
/// </summary>
public sealed partial class DailyRun(string name, RetentionOptions options, TimeProvider time, Func<CancellationToken, Task> run, ILogger logger) : BackgroundService
{
    /// <summary>The next instant at <paramref name="runAt"/> after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly runAt)
    {
        var today = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).ToDateTime(runAt), TimeSpan.Zero);
        return today > now ? today : today.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            LogDisabled(logger, name);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = NextRun(now, options.RunAt);
            try
            {
                await Task.Delay(next - now, time, stoppingToken);
                await run(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || StoreFaults.IsStoreFault(e))
            {
                LogFailed(logger, name, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention of {Name} is disabled (Retention__Enabled=false)")]
    private static partial void LogDisabled(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention of {Name} failed; it runs again tomorrow")]
    private static partial void LogFailed(ILogger logger, string name, Exception exception);
}
