using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Hosting.Delivery;
using Polly;
using Polly.Retry;

namespace Omnichannel.Ingestion.Publishing;

/// <summary>
/// Publishes interactions and returns only once every one is durable: confirmed by the broker (publisher
/// confirms on RabbitMQ) or fsync'd in the embedded default's message log (<see cref="IDurablePublisher"/>). Requests that arrive while earlier publishes wait for their confirmation go together in
/// one <see cref="InteractionsRecorded"/> of up to <see cref="IngestionOptions.MaxInteractionsPerMessage"/>
/// (group commit: the busier the API, the fewer messages per interaction; an idle API publishes each
/// request at once). A bounded retry with jitter inside an overall timeout rides out a broker blip; past
/// that, or once <see cref="IngestionOptions.PublishTimeout"/> has passed since the request arrived (waiting
/// for a slot included), <see cref="BusUnavailableException"/>, and the caller answers 503. While the backlog
/// not yet consumed is past its bound, <see cref="BacklogFullException"/> at once.
/// </summary>
public sealed partial class InteractionPublisher : IAsyncDisposable
{
    /// <summary>Publishes waiting for their confirmation at once; what arrives meanwhile waits and goes together.</summary>
    private const int PublishesInFlight = 2;

    private readonly IBus _bus;
    private readonly IDurablePublisher _durable;
    private readonly TimeSpan _timeout;
    private readonly ILogger<InteractionPublisher> _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly int _perMessage;
    private readonly System.Threading.Channels.Channel<Pending> _pending = System.Threading.Channels.Channel.CreateUnbounded<Pending>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _inFlight = new(PublishesInFlight, PublishesInFlight);
    private readonly Lazy<Task> _pump;

    public InteractionPublisher(IBus bus, IDurablePublisher durable, IOptions<IngestionOptions> options, ILogger<InteractionPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bus = bus;
        _durable = durable;
        _timeout = options.Value.PublishTimeout;
        _logger = logger;
        _perMessage = options.Value.MaxInteractionsPerMessage;
        _pump = new Lazy<Task>(() => Task.Run(PumpAsync));
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

    /// <summary>
    /// Publishes all; returns, once the broker confirmed all of them, the id of the message that carries each
    /// (in order). A message's id follows from the interactions it holds: the same post, published alone
    /// again, carries the same id.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> PublishAsync(IReadOnlyList<Interaction> interactions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions.Count == 0)
        {
            return [];
        }

        if (_durable.IsFull)
        {
            throw new BacklogFullException();
        }

        var pending = new Pending(interactions);
        _ = _pump.Value;
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new BusUnavailableException("The publisher is stopping.", new ObjectDisposedException(nameof(InteractionPublisher)));
        }

        try
        {
            // The timeout counts from the request's arrival, not from its turn: a 503 comes within it.
            return await pending.Done.Task.WaitAsync(_timeout, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not BusUnavailableException and not BacklogFullException)
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

    /// <summary>Publishes what is still waiting, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_pump.IsValueCreated)
        {
            await _pump.Value;
        }

        for (var i = 0; i < PublishesInFlight; i++)
        {
            await _inFlight.WaitAsync();
        }

        _inFlight.Dispose();
    }

    /// <summary>
    /// Takes, whenever a publish slot is free, every request waiting up to a message's worth, and publishes
    /// them together. A request is never split across groups; one larger than a message is split in messages.
    /// </summary>
    private async Task PumpAsync()
    {
        var reader = _pending.Reader;
        Pending? carried = null;
        while (carried is not null || await reader.WaitToReadAsync())
        {
            await _inFlight.WaitAsync();
            var group = new List<Pending>();
            var count = 0;
            if (carried is not null)
            {
                group.Add(carried);
                count = carried.Interactions.Count;
                carried = null;
            }

            while (count < _perMessage && reader.TryRead(out var next))
            {
                if (count > 0 && count + next.Interactions.Count > _perMessage)
                {
                    carried = next;
                    break;
                }

                group.Add(next);
                count += next.Interactions.Count;
            }

            if (group.Count == 0)
            {
                _inFlight.Release();
                continue;
            }

            _ = PublishGroupAsync(group);
        }
    }

    private async Task PublishGroupAsync(List<Pending> group)
    {
        try
        {
            // Each interaction's message id, in the group's order: the ids of its chunks, a chunk a message.
            var chunks = group.SelectMany(p => p.Interactions).Chunk(_perMessage).Select(chunk => (Chunk: chunk, Id: MessageIds.For(chunk.Select(i => i.Key)))).ToList();
            var ids = chunks.SelectMany(c => Enumerable.Repeat(c.Id, c.Chunk.Length)).ToArray();
            await _pipeline.ExecuteAsync(
                async token => await _durable.PublishAsync(_bus, [.. chunks.Select(c => new Outgoing<InteractionsRecorded>(new InteractionsRecorded { Interactions = c.Chunk }, c.Id))], token),
                CancellationToken.None);
            var offset = 0;
            foreach (var pending in group)
            {
                pending.Done.TrySetResult(new ArraySegment<Guid>(ids, offset, pending.Interactions.Count));
                offset += pending.Interactions.Count;
            }
        }
        catch (Exception e)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(e);
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bus did not confirm {Count} interaction(s): {Error}")]
    private static partial void LogUnconfirmed(ILogger logger, int count, string error);

    /// <summary>A request's interactions, and the request waiting for the ids of the messages that carry them.</summary>
    private sealed record Pending(IReadOnlyList<Interaction> Interactions)
    {
        public TaskCompletionSource<IReadOnlyList<Guid>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
