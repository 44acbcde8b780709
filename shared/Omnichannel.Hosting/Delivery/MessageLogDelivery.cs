using System.Collections.Concurrent;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Omnichannel.Hosting.Telemetry;

namespace Omnichannel.Hosting.Delivery;

/// <summary>
/// Delivers the <see cref="MessageLog"/>'s messages to the in-memory bus, each destination in log order, at
/// most <see cref="MessageLogOptions.DeliveryWindow"/> of them in memory at once (the rest waits on disk),
/// and takes each out of the log once its receive finished: removed when consumed, kept as faulted when it
/// went to the error queue. A message just appended is delivered as it is; one that waited (a backlog, a
/// restart) is read back from the file. It is the receive observer of the bus and the first filter of every
/// endpoint's error pipe.
/// </summary>
/// <remarks>It finds the bus when it first delivers: the bus's configuration takes this as its observer.</remarks>
public sealed partial class MessageLogDelivery(MessageLog log, IServiceProvider services, ILogger<MessageLogDelivery> logger) : BackgroundService, IReceiveObserver
{
    /// <summary>The header that carries a delivered message's place in the log.</summary>
    public const string SeqHeader = "Omnichannel-Log-Seq";

    /// <summary>How often an idle destination looks at the file for messages it was not told of (moved back by <c>replay-errors</c>).</summary>
    private static readonly TimeSpan IdleCheck = TimeSpan.FromSeconds(2);

    /// <summary>The mark of a message whose consume was cancelled rather than failed.</summary>
    private static readonly string Cancelled = new("cancelled");

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Lane> _inFlight = new();
    private readonly ConcurrentDictionary<long, string> _faulted = new();
    private readonly MessageLog _log = log;
    private readonly Lazy<IBus> _bus = new(services.GetRequiredService<IBus>);
    private readonly ILogger<MessageLogDelivery> _logger = logger;
    private CancellationToken _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        _log.Appended += OnAppended;
        try
        {
            // A lane for every destination the file names, faulted messages' included: each lane looks at the
            // file when idle, which is how it finds what replay-errors moves back; a new destination gets its
            // lane from its first append.
            foreach (var destination in await _log.DestinationsAsync(stoppingToken))
            {
                LaneOf(destination).Wake();
            }

            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what was not consumed stays in the log for the next start.
        }
        finally
        {
            _log.Appended -= OnAppended;
        }
    }

    private void OnAppended(IReadOnlyList<LoggedMessage> messages)
    {
        foreach (var group in messages.GroupBy(m => m.Destination, StringComparer.Ordinal))
        {
            LaneOf(group.Key).Offer(group);
        }
    }

    private Lane LaneOf(string destination) => _lanes.GetOrAdd(destination, d =>
    {
        var lane = new Lane(this, d);
        lane.Start();
        return lane;
    });

    /// <summary>The error pipe's mark: this message goes to the error queue (the receive then finishes).</summary>
    internal void MarkFaulted(ReceiveContext context, Exception exception)
    {
        if (SeqOf(context) is { } seq)
        {
            _faulted[seq] = exception is OperationCanceledException ? Cancelled : $"{exception.GetType().Name}: {exception.Message}";
        }
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SeqOf(context) is { } seq && _inFlight.TryRemove(seq, out var lane))
        {
            var bytes = lane.Received(seq);
            if (_faulted.TryRemove(seq, out var reason))
            {
                if (_stopping.IsCancellationRequested || ReferenceEquals(reason, Cancelled))
                {
                    // Cut short (the process stops, or the consume was cancelled): not a fault of the message.
                    // It stays in the log, delivered again now or at the next start.
                    lane.Rewind(seq);
                    return Task.CompletedTask;
                }

                _log.Fault(seq, bytes, QueueName(context.InputAddress), reason);
            }
            else
            {
                _log.Complete(seq, bytes);
            }
        }

        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SeqOf(context) is { } seq && _inFlight.TryRemove(seq, out var lane))
        {
            var bytes = lane.Received(seq);
            _faulted.TryRemove(seq, out _);
            if (exception is OperationCanceledException || _stopping.IsCancellationRequested)
            {
                // Cut short: it stays in the log and is delivered again.
                lane.Rewind(seq);
                return Task.CompletedTask;
            }

            _log.Fault(seq, bytes, QueueName(context.InputAddress), $"{exception.GetType().Name}: {exception.Message}");
        }

        return Task.CompletedTask;
    }

    private static long? SeqOf(ReceiveContext context) =>
        context.TransportHeaders.TryGetHeader(SeqHeader, out var value) && value is not null && long.TryParse(value.ToString(), out var seq) ? seq : null;

    private static string QueueName(Uri address) => address.AbsolutePath.Trim('/').Split('/')[^1];

    private async Task DispatchAsync(LoggedMessage message)
    {
        var body = message.Message ?? JsonSerializer.Deserialize(message.Body.Span, message.Type, MessageLog.Json)
            ?? throw new InvalidOperationException($"Message {message.Seq} of the log has an empty body.");
        void Stamp(SendContext context)
        {
            context.MessageId = message.MessageId;
            context.CorrelationId = message.CorrelationId;
            context.Headers.Set(SeqHeader, message.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var activity = OmnichannelTelemetry.StartDelivery(message.Destination, message.TraceParent);
        if (message.Destination.StartsWith("queue:", StringComparison.Ordinal))
        {
            var endpoint = await _bus.Value.GetSendEndpoint(new Uri(message.Destination));
            await endpoint.Send(body, message.Type, Stamp, _stopping);
        }
        else
        {
            await _bus.Value.Publish(body, message.Type, Stamp, _stopping);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering message {Seq} of the log to {Destination} failed: {Error}")]
    private static partial void LogDispatchFailed(ILogger logger, long seq, string destination, string error);

    /// <summary>
    /// One destination: delivers in log order from the messages it was handed as they were appended, or,
    /// once it fell behind (more waiting than it keeps in memory) or after a start, from the file until it
    /// has caught up.
    /// </summary>
    private sealed class Lane(MessageLogDelivery delivery, string destination)
    {
        private readonly object _gate = new();
        private readonly Queue<LoggedMessage> _recent = new();
        private readonly Dictionary<long, int> _held = [];
        private readonly SemaphoreSlim _signal = new(0, 1);
        private readonly int _window = delivery._log.Options.DeliveryWindow;
        private long _cursor;
        private long _rewindTo = long.MaxValue;
        private bool _fromMemory;
        private bool _dropped;
        private long? _failing;

        public void Start() => _ = Task.Run(RunAsync);

        public void Wake()
        {
            lock (_gate)
            {
                if (_signal.CurrentCount == 0)
                {
                    _signal.Release();
                }
            }
        }

        /// <summary>Just appended: kept to deliver as it is while the lane keeps up, else read back later.</summary>
        public void Offer(IEnumerable<LoggedMessage> messages)
        {
            lock (_gate)
            {
                foreach (var message in messages)
                {
                    if (_recent.Count >= _window)
                    {
                        _dropped = true;
                        break;
                    }

                    _recent.Enqueue(message);
                }
            }

            Wake();
        }

        /// <summary>A message that was not consumed after all: read the file again from it.</summary>
        public void Rewind(long seq)
        {
            lock (_gate)
            {
                _rewindTo = Math.Min(_rewindTo, seq - 1);
            }

            Wake();
        }

        /// <returns>The size of the message, now out of memory.</returns>
        public int Received(long seq)
        {
            int bytes;
            lock (_gate)
            {
                _held.Remove(seq, out bytes);
            }

            Wake();
            return bytes;
        }

        private async Task RunAsync()
        {
            var stopping = delivery._stopping;
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    int room;
                    lock (_gate)
                    {
                        room = _window - _held.Count;
                        if (_rewindTo < _cursor)
                        {
                            (_cursor, _fromMemory) = (_rewindTo, false);
                        }

                        _rewindTo = long.MaxValue;
                    }

                    var next = room <= 0 ? [] : _fromMemory ? TakeRecent(room) : await ReadAsync(room, stopping);
                    if (next.Count == 0)
                    {
                        if (!await _signal.WaitAsync(IdleCheck, stopping))
                        {
                            // Idle: look at the file again (messages moved back by another process).
                            _fromMemory = false;
                        }

                        continue;
                    }

                    foreach (var message in next)
                    {
                        lock (_gate)
                        {
                            _held[message.Seq] = message.Bytes;
                            _cursor = Math.Max(_cursor, message.Seq);
                        }

                        delivery._inFlight[message.Seq] = this;
                        _failing = message.Seq;
                        await delivery.DispatchAsync(message);
                        _failing = null;
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // The in-memory bus refused (it is stopping or not started yet): start again from the file.
                    LogDispatchFailed(delivery._logger, _cursor, destination, e.Message);
                    lock (_gate)
                    {
                        // The one that failed was not handed over: forget it and read the file again from it.
                        if (_failing is { } failed)
                        {
                            _held.Remove(failed);
                            delivery._inFlight.TryRemove(failed, out _);
                            _rewindTo = Math.Min(_rewindTo, failed - 1);
                        }

                        _fromMemory = false;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }

        private List<LoggedMessage> TakeRecent(int room)
        {
            var taken = new List<LoggedMessage>();
            lock (_gate)
            {
                if (_dropped)
                {
                    // Some were not kept: the file has them, in order.
                    _fromMemory = false;
                    return taken;
                }

                while (taken.Count < room && _recent.TryDequeue(out var message))
                {
                    if (message.Seq > _cursor)
                    {
                        taken.Add(message);
                    }
                }
            }

            return taken;
        }

        /// <summary>
        /// Reads the next messages from the file. What is appended from now on is kept in memory; once a read
        /// comes back short (it has reached what was committed before it), the lane delivers from memory, unless
        /// something appended meanwhile could not be kept.
        /// </summary>
        private async Task<IReadOnlyList<LoggedMessage>> ReadAsync(int room, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                _recent.Clear();
                _dropped = false;
            }

            var read = await delivery._log.ReadPendingAsync(destination, _cursor, room, cancellationToken);
            lock (_gate)
            {
                if (read.Count < room)
                {
                    _fromMemory = !_dropped;
                }

                // After a rewind, what is still in hand is not delivered twice.
                if (read.Count > 0)
                {
                    _cursor = Math.Max(_cursor, read[^1].Seq);
                }

                return [.. read.Where(m => !_held.ContainsKey(m.Seq))];
            }
        }
    }
}
