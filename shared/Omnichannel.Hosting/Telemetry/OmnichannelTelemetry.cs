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

    /// <summary>A client span for one call to a store: <c>journey-store save</c>.</summary>
    public static Activity? StartStoreCall(string store, string operation)
    {
        var activity = Source.StartActivity($"{store} {operation}", ActivityKind.Client);
        activity?.SetTag("db.system", store);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}
