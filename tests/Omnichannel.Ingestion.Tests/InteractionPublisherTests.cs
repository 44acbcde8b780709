using System.Collections.Concurrent;
using MassTransit;
using Omnichannel.Hosting.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Omnichannel.Contracts;
using Omnichannel.Hosting;
using Omnichannel.Ingestion.Publishing;
using Xunit;

namespace Omnichannel.Ingestion.Tests;

/// <summary>
/// The publisher's group commit, on MassTransit's in-memory bus: what arrives while earlier publishes wait
/// for the broker goes together in one message, a request larger than a message is split, each request
/// learns the id of the message that carries each of its interactions, and a publish the broker refuses
/// fails every request it carried.
/// </summary>
public sealed class InteractionPublisherTests : IAsyncLifetime
{
    private readonly Gate _gate = new();
    private readonly Received _received = new();
    private ServiceProvider _services = null!;
    private IBusControl _bus = null!;

    public async ValueTask InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(_received);
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<Capture>();
            bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
        });
        _services = services.BuildServiceProvider();
        _bus = _services.GetRequiredService<IBusControl>();
        _bus.ConnectPublishObserver(_gate);
        await _bus.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _gate.Open();
        await _bus.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Requests_that_arrive_while_publishes_await_the_broker_go_together_in_one_message()
    {
        await using var publisher = Publisher(perMessage: 100);
        var (first, second) = await HoldBothSlotsAsync(publisher, "a", "b");
        var waiting = Enumerable.Range(0, 10).Select(i => publisher.PublishAsync([Call($"w{i}")], Cancel)).ToList();

        _gate.Open();
        var receipts = await Task.WhenAll([first, second, .. waiting]);

        var messages = await _received.AtLeastAsync(12);
        Assert.Equal(3, messages.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"w{i}"), messages.Single(m => m.Ids.Count == 10).Ids);
        // Each request holds the id of the message that carried its interaction.
        var carriedBy = messages.SelectMany(m => m.Ids.Select(id => (id, m.MessageId))).ToDictionary();
        Assert.Equal(carriedBy["a"], Assert.Single(receipts[0]));
        Assert.Equal(carriedBy["b"], Assert.Single(receipts[1]));
        Assert.All(receipts.Skip(2), r => Assert.Equal(carriedBy["w0"], Assert.Single(r)));
        Assert.Equal(MessageIds.For(Enumerable.Range(0, 10).Select(i => Call($"w{i}").Key)), carriedBy["w0"]);
    }

    [Fact]
    public async Task A_request_larger_than_a_message_is_split_in_order_and_each_interaction_names_its_message()
    {
        await using var publisher = Publisher(perMessage: 100);
        var interactions = Enumerable.Range(0, 250).Select(i => Call($"big{i:D3}")).ToList();

        var receipt = await publisher.PublishAsync(interactions, Cancel);

        var messages = (await _received.AtLeastAsync(250)).OrderBy(m => m.Ids[0], StringComparer.Ordinal).ToList();
        Assert.Equal([100, 100, 50], messages.Select(m => m.Ids.Count));
        Assert.Equal(interactions.Select(i => i.Id), messages.SelectMany(m => m.Ids));
        Assert.Equal(messages.SelectMany(m => m.Ids.Select(_ => m.MessageId)), receipt);
    }

    [Fact]
    public async Task A_request_never_shares_a_message_beyond_the_limit()
    {
        await using var publisher = Publisher(perMessage: 5);
        var (h1, h2) = await HoldBothSlotsAsync(publisher, "h1", "h2");
        var three = publisher.PublishAsync([Call("x1"), Call("x2"), Call("x3")], Cancel);
        var four = publisher.PublishAsync([Call("y1"), Call("y2"), Call("y3"), Call("y4")], Cancel);

        _gate.Open();
        await Task.WhenAll(h1, h2, three, four);

        var messages = await _received.AtLeastAsync(9);
        Assert.Contains(messages, m => m.Ids.SequenceEqual(["x1", "x2", "x3"]));
        Assert.Contains(messages, m => m.Ids.SequenceEqual(["y1", "y2", "y3", "y4"]));
    }

    [Fact]
    public async Task A_publish_the_broker_refuses_fails_every_request_it_carried_and_publishing_goes_on()
    {
        // The timeout counts from each request's arrival: long enough for the held ones to wait their turn.
        await using var publisher = Publisher(perMessage: 100, timeout: TimeSpan.FromSeconds(3));
        var (r1, r2) = await HoldBothSlotsAsync(publisher, "r1", "r2");
        var refused = new[] { publisher.PublishAsync([Call("r3")], Cancel), publisher.PublishAsync([Call("r4")], Cancel) };
        _gate.Refuse("r3");
        _gate.Open();

        await Task.WhenAll(r1, r2);
        foreach (var request in refused)
        {
            await Assert.ThrowsAsync<BusUnavailableException>(() => request);
        }

        Assert.Single(await publisher.PublishAsync([Call("after")], Cancel));
        var ids = (await _received.AtLeastAsync(3)).SelectMany(m => m.Ids).ToList();
        Assert.DoesNotContain("r3", ids);
        Assert.DoesNotContain("r4", ids);
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Two requests, each in its own publish, both held at the broker: what comes next waits.</summary>
    private async Task<(Task<IReadOnlyList<Guid>>, Task<IReadOnlyList<Guid>>)> HoldBothSlotsAsync(InteractionPublisher publisher, string first, string second)
    {
        _gate.Close();
        var one = publisher.PublishAsync([Call(first)], Cancel);
        await _gate.StartedAsync(1);
        var two = publisher.PublishAsync([Call(second)], Cancel);
        await _gate.StartedAsync(2);
        return (one, two);
    }

    private InteractionPublisher Publisher(int perMessage, TimeSpan? timeout = null) => new(
        _bus,
        new BrokerPublisher(_bus),
        Options.Create(new IngestionOptions { MaxInteractionsPerMessage = perMessage, PublishTimeout = timeout ?? TimeSpan.FromSeconds(5) }),
        NullLogger<InteractionPublisher>.Instance);

    private static Interaction Call(string id) => new()
    {
        Id = id,
        Source = "cti",
        Channel = Channel.Phone,
        Type = InteractionType.Contact,
        OccurredAt = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero),
        Identifiers = [new Identifier { Type = IdentifierType.Phone, Value = "+33612345678" }],
    };

    /// <summary>The messages the bus delivered: their ids and the interactions' ids.</summary>
    public sealed class Received
    {
        private readonly ConcurrentQueue<(Guid MessageId, List<string> Ids)> _messages = new();

        public void Add(Guid messageId, List<string> ids) => _messages.Enqueue((messageId, ids));

        public async Task<List<(Guid MessageId, List<string> Ids)>> AtLeastAsync(int interactions)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (_messages.Sum(m => m.Ids.Count) < interactions && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            return [.. _messages];
        }
    }

    public sealed class Capture(Received received) : IConsumer<InteractionsRecorded>
    {
        public Task Consume(ConsumeContext<InteractionsRecorded> context)
        {
            received.Add(context.MessageId!.Value, [.. context.Message.Interactions.Select(i => i.Id)]);
            return Task.CompletedTask;
        }
    }

    /// <summary>Holds publishes before they reach the transport, as a broker slow to confirm would; refuses those that carry a given interaction.</summary>
    private sealed class Gate : IPublishObserver
    {
        private readonly object _lock = new();
        private TaskCompletionSource _open = Opened();
        private int _started;
        private string? _refused;

        public void Close()
        {
            lock (_lock)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void Open()
        {
            lock (_lock)
            {
                _open.TrySetResult();
            }
        }

        public void Refuse(string interactionId) => _refused = interactionId;

        public async Task StartedAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Volatile.Read(ref _started) < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{count} publishes did not start.");
                await Task.Delay(5);
            }
        }

        public async Task PrePublish<T>(PublishContext<T> context)
            where T : class
        {
            if (context.Message is not InteractionsRecorded recorded)
            {
                return;
            }

            Interlocked.Increment(ref _started);
            Task open;
            lock (_lock)
            {
                open = _open.Task;
            }

            await open.WaitAsync(context.CancellationToken);
            if (_refused is { } refused && recorded.Interactions.Any(i => i.Id == refused))
            {
                throw new InvalidOperationException("The broker refused the publish.");
            }
        }

        public Task PostPublish<T>(PublishContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }
    }
}
