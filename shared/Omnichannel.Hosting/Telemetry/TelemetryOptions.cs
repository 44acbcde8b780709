namespace Omnichannel.Hosting.Telemetry;

/// <summary>Where traces, metrics and logs go (<c>Telemetry__Exporter</c>, <c>Telemetry__OtlpEndpoint</c>).</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary><c>None</c>, <c>Console</c> (for a look on one machine) or <c>Otlp</c> (a collector).</summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>The OTLP collector, gRPC (4317) or HTTP/protobuf (4318) as <see cref="OtlpProtocol"/> says.</summary>
    public Uri OtlpEndpoint { get; set; } = new("http://127.0.0.1:4317");

    /// <summary><c>Grpc</c> or <c>HttpProtobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "Grpc";

    /// <summary>The service name in every span and metric; the roles are added to it.</summary>
    public string ServiceName { get; set; } = "omnichannel";
}
