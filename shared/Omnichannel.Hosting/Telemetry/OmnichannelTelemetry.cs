using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Omnichannel.Hosting.Telemetry;

/// <summary>
/// The modules' own spans and instruments, beside those of ASP.NET Core, HttpClient and MassTransit: a span
/// per store call, so that a trace runs from the HTTP request through the bus and the consumer to the store.
/// Span and tag values never hold personal data (ids of people are opaque).
/// </summary>
public static class OmnichannelTelemetry
{
    public const string Name = "Omnichannel";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>
    /// The embedded default's delivery of a logged message to the in-memory bus, as a child of the span that
    /// appended it (kept with the message): the trace goes on from the request to the consumers.
    /// </summary>
    public static Activity? StartDelivery(string destination, string? parentId) =>
        Source.StartActivity("message-log deliver", ActivityKind.Internal, parentId)?.SetTag("messaging.destination.name", destination);

    /// <summary>A client span for one call to a store: <c>journey-store save</c>.</summary>
    public static Activity? StartStoreCall(string store, string operation)
    {
        var activity = Source.StartActivity($"{store} {operation}", ActivityKind.Client);
        activity?.SetTag("db.system", store);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }

    /// <summary>
    /// <c>omnichannel.retention.removed</c>: what retention removed, by kind (<c>interactions</c>, <c>people</c>,
    /// <c>tombstones</c>, <c>audit-entries</c>), for the operators' dashboards and alerts.
    /// </summary>
    private static readonly Counter<long> Removed = Meter.CreateCounter<long>("omnichannel.retention.removed", "{item}", "Items removed by the retention runs, by kind.");

    public static void RetentionRemoved(long count, string kind)
    {
        if (count > 0)
        {
            Removed.Add(count, new KeyValuePair<string, object?>("kind", kind));
        }
    }
}
