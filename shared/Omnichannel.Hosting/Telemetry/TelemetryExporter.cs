namespace Omnichannel.Hosting.Telemetry;

public enum TelemetryExporter
{
    None = 0,
    Console = 1,
    Otlp = 2,
}
