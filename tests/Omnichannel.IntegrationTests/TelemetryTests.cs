using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.IntegrationTests.Infrastructure;
using Omnichannel.Hosting.Telemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Omnichannel.IntegrationTests;

/// <summary>
/// The embedded default with its spans kept in memory: the host's own instrumentation, exported to a queue
/// instead of the console or a collector. Activity listeners are process-wide, so the queue also receives the
/// spans of the other hosts running in this test process: a test finds its own by the trace id it sends.
/// </summary>
public sealed class TracedHost : EmbeddedHost
{
    public ConcurrentQueue<Activity> Spans { get; } = new();

    protected override void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddOmnichannelInstrumentation().AddInMemoryExporter(new SpanSink(Spans)));
    }

    /// <summary>The spans of one trace.</summary>
    public List<Activity> Trace(ActivityTraceId trace) => Spans.Where(s => s.TraceId == trace).ToList();

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
        ActivityTraceId post;
        using (var caller = CallerTrace())
        {
            post = caller.TraceId;
            using var response = await host.PostAsync("""{"id":"traced-1","channel":"phone","type":"contact","occurredAt":"2026-03-02T09:00:00+01:00","identifiers":[{"type":"phone","value":"0611111111"}],"subject":{"motive":"pas.rate"}}""", cancel);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var trace = await EmbeddedHost.EventuallyAsync(() =>
        {
            var spans = host.Trace(post);
            return Task.FromResult(spans.Any(s => s.DisplayName == "journey-store save") && spans.Any(s => s.DisplayName == "metrics-store apply") ? spans : null);
        }, cancel);

        Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") is "/api/v1/interactions");
        Assert.Contains(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        Assert.Contains(trace, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Consumer);

        // An advisor's lookup carries the identifier in its query string: its spans keep it redacted.
        var advisor = await host.SessionAsync(Omnichannel.Hosting.Security.OmnichannelRoles.Advisor);
        ActivityTraceId lookup;
        using (var caller = CallerTrace())
        {
            lookup = caller.TraceId;
            await EmbeddedHost.EventuallyAsync(async () => (await advisor.SendAsync(EmbeddedHost.Lookup("phone", "0611111111"), cancel)).IsSuccessStatusCode ? "" : null, cancel);
        }

        var lookupSpans = await EmbeddedHost.EventuallyAsync(() => Task.FromResult(host.Trace(lookup) is { Count: > 0 } spans && spans.Any(s => s.GetTagItem("url.path") is "/api/v1/people/lookup") ? spans : null), cancel);
        Assert.DoesNotContain(trace.Concat(lookupSpans), s => s.Tags.Any(t => t.Value?.Contains("0611111111", StringComparison.Ordinal) == true || t.Value?.Contains("+33611111111", StringComparison.Ordinal) == true));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("None", false)]
    [InlineData("Console", true)]
    [InlineData("Otlp", true)]
    public void The_exporter_setting_decides_whether_spans_and_measurements_are_made(string? exporter, bool wired)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Exporter"] = exporter }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => services.AddOmnichannelTelemetry(configuration, logging, "all"));
        using var provider = services.BuildServiceProvider();

        Assert.Equal(wired, provider.GetService<TracerProvider>() is not null);
        Assert.Equal(wired, provider.GetService<OpenTelemetry.Metrics.MeterProvider>() is not null);
    }

    /// <summary>
    /// The calling system's own trace, sampled, around a request: its id, carried in the W3C trace context
    /// header, tells this test's spans from those of the other hosts in the process.
    /// </summary>
    private static Activity CallerTrace()
    {
        var caller = new Activity("channel-system call").SetIdFormat(ActivityIdFormat.W3C);
        caller.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        return caller.Start();
    }
}
