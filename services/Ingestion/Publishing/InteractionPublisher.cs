using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Polly;
using Polly.Retry;

namespace Omnichannel.Ingestion.Publishing;

/// <summary>
/// Publishes interactions and returns only once the broker confirmed every one (publisher confirms on
/// RabbitMQ). A bounded retry with jitter inside an overall timeout rides out a broker blip; past that,
/// <see cref="BusUnavailableException"/>, and the caller answers 503.
/// </summary>
public sealed partial class InteractionPublisher
{
    private readonly IBus _bus;
    private readonly ILogger<InteractionPublisher> _logger;
    private readonly ResiliencePipeline _pipeline;

    public InteractionPublisher(IBus bus, IOptions<IngestionOptions> options, ILogger<InteractionPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bus = bus;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(options.Value.PublishTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = 2,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
            })
            .Build();
    }

    /// <summary>Publishes all, concurrently; returns when the broker confirmed all of them.</summary>
    public async Task PublishAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        try
        {
            await Task.WhenAll(interactions.Select(i => PublishOneAsync(i, cancellationToken)));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnconfirmed(_logger, interactions.Count, e.GetType().Name);
            throw new BusUnavailableException("The message bus did not confirm the publish in time.", e);
        }
    }

    /// <summary>Publishes a call cue; returns when the broker confirmed it.</summary>
    public async Task AnnounceAsync(CallAnswered call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            await _pipeline.ExecuteAsync(async token => await _bus.Publish(call, token), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnconfirmed(_logger, 1, e.GetType().Name);
            throw new BusUnavailableException("The message bus did not confirm the publish in time.", e);
        }
    }

    private Task PublishOneAsync(Interaction interaction, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(
            async token => await _bus.Publish(
                new InteractionRecorded { Interaction = interaction },
                context => context.MessageId = MessageIds.For(interaction.Key),
                token),
            cancellationToken).AsTask();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bus did not confirm {Count} interaction(s): {Error}")]
    private static partial void LogUnconfirmed(ILogger logger, int count, string error);
}
