using Omnichannel.Testing;
using Xunit;

namespace Omnichannel.Journey.Tests.Store;

/// <summary>The MongoDB server (or the reason there is none) for the MongoDB store tests of this assembly.</summary>
public sealed class MongoServerFixture : IAsyncLifetime
{
    public MongoServer Server { get; } = new();

    public ValueTask InitializeAsync() => Server.InitializeAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
