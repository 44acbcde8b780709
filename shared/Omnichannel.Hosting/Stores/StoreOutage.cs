using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Omnichannel.Hosting.Stores;

/// <summary>
/// Runs a consumer's unit of work against a store and, while the store fails for a reason of its own
/// (<see cref="StoreFaults"/>), waits and tries again, with growing pauses (up to <see cref="MaxDelay"/>),
/// for as long as it takes: the message stays in hand and nothing goes to an error queue. Meanwhile the store
/// reports unavailable, which makes the role's readiness Unhealthy; the first success makes it available again.
/// One per store and process.
/// </summary>
public sealed partial class StoreOutage
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private int _failing;
    private string? _lastError;

    public StoreOutage(string store, ILogger logger)
    {
        Store = store;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(StoreFaults.IsStoreFault),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = MaxDelay,
                OnRetry = args =>
                {
                    _lastError = $"{args.Outcome.Exception!.GetType().Name}: {args.Outcome.Exception.Message}";
                    if (Interlocked.Exchange(ref _failing, 1) == 0 || args.AttemptNumber % 20 == 0)
                    {
                        LogWaiting(_logger, Store, args.AttemptNumber + 1, _lastError);
                    }

                    return default;
                },
            })
            .Build();
    }

    public string Store { get; }

    /// <summary>False while a unit of work waits for the store.</summary>
    public bool IsAvailable => Volatile.Read(ref _failing) == 0;

    /// <summary>What the store last failed with, while it is unavailable.</summary>
    public string? LastError => IsAvailable ? null : _lastError;

    public async Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _pipeline.ExecuteAsync(async token => await work(token), cancellationToken);
        if (Interlocked.Exchange(ref _failing, 0) == 1)
        {
            LogAvailable(_logger, Store);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Store} cannot be written (attempt {Attempt}): {Error}; waiting, the message stays in hand")]
    private static partial void LogWaiting(ILogger logger, string store, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The {Store} is available again")]
    private static partial void LogAvailable(ILogger logger, string store);
}
