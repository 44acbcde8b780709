using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Omnichannel.IntegrationTests.Infrastructure;
using OpenTelemetry.Trace;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>The embedded default with its spans kept in memory instead of exported.</summary>
public sealed class TracedHost : EmbeddedHost
{
    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Telemetry is only wired when something exports it: the console, beside the memory.</summary>
    protected override void Configure(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Telemetry:Exporter"] = "Console";
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new SpanSink(Spans)));
    }

    /// <summary>The in-memory exporter wants a collection; a queue takes spans from any thread.</summary>
    private sealed class SpanSink(ConcurrentQueue<Activity> spans) : ICollection<Activity>
    {
        public int Count => spans.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => spans.Enqueue(item);

        public void Clear() => spans.Clear();

        public bool Contains(Activity item) => spans.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => spans.CopyTo(array, arrayIndex);

        public IEnumerator<Activity> GetEnumerator() => spans.GetEnumerator();

        public bool Remove(Activity item) => throw new NotSupportedException();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>One trace follows an interaction from the HTTP request through the bus and the consumers to the stores.</summary>
public sealed class TelemetryTests(TracedHost host) : IClassFixture<TracedHost>
{
    [Fact]
    public async Task A_posted_interaction_is_one_trace_from_the_request_to_the_journey_and_metrics_stores()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var response = await host.PostAsync("""{"id":"traced-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"0611111111"}],"subject":{"motive":"pas.rate"}}""", cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var request = await EmbeddedHost.EventuallyAsync(() => Task.FromResult(host.Spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is "/api/v1/interactions")), cancel);
        var trace = await EmbeddedHost.EventuallyAsync(() =>
        {
            var spans = host.Spans.Where(s => s.TraceId == request.TraceId).ToList();
            return Task.FromResult(spans.Any(s => s.DisplayName == "journey-store save") && spans.Any(s => s.DisplayName == "metrics-store apply") ? spans : null);
        }, cancel);

        Assert.Contains(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        Assert.Contains(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);
        // An advisor's lookup carries the identifier in its query string: the span keeps it redacted.
        var advisor = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Advisor);
        await EmbeddedHost.EventuallyAsync(async () => (await advisor.GetAsync("/api/v1/people/lookup?type=phone&value=0611111111", cancel)).IsSuccessStatusCode ? "" : null, cancel);
        await EmbeddedHost.EventuallyAsync(() => Task.FromResult(host.Spans.FirstOrDefault(s => s.GetTagItem("url.path") is "/api/v1/people/lookup")), cancel);
        Assert.DoesNotContain(host.Spans, s => s.Tags.Any(t => t.Value?.Contains("0611111111", StringComparison.Ordinal) == true || t.Value?.Contains("+33611111111", StringComparison.Ordinal) == true));
    }
}
