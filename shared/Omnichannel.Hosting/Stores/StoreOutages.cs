using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Omnichannel.Hosting.Stores;

/// <summary>The process's <see cref="StoreOutage"/>s, one per store name (<c>journey store</c>, <c>metrics store</c>).</summary>
public sealed class StoreOutages(ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, StoreOutage> _outages = new(StringComparer.Ordinal);

    public StoreOutage For(string store) => _outages.GetOrAdd(store, s => new StoreOutage(s, loggers.CreateLogger<StoreOutage>()));
}
