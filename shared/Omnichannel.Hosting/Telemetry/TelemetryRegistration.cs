using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Omnichannel.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics across HTTP, the bus (MassTransit's own source and meter), the
/// consumers and the stores; exported to the console or an OTLP collector by configuration, or nowhere.
/// </summary>
public static class TelemetryRegistration
{
    public static IServiceCollection AddOmnichannelTelemetry(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging, string roles)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logging);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Exporter == TelemetryExporter.None)
        {
            // Nothing listens: no span nor measurement is made on the request and message paths.
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceInstanceId: Environment.MachineName)
                .AddAttributes([new("omnichannel.roles", roles)]))
            .WithTracing(tracing => Export(tracing.AddOmnichannelInstrumentation(), options))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter("MassTransit")
                    .AddMeter(OmnichannelTelemetry.Name);
                Export(metrics, options);
            });
        logging.AddOpenTelemetry(log =>
        {
            log.IncludeFormattedMessage = true;
            if (options.Exporter == TelemetryExporter.Otlp)
            {
                log.AddOtlpExporter(otlp => Otlp(otlp, options));
            }
        });
        return services;
    }

    /// <summary>
    /// The spans Omnichannel makes: HTTP in and out (health probes left out), MassTransit's publish, send and
    /// consume, and the modules' store calls. Shared by the configured exporters and the tests' in-memory one.
    /// </summary>
    public static TracerProviderBuilder AddOmnichannelInstrumentation(this TracerProviderBuilder tracing) =>
        tracing.AddAspNetCoreInstrumentation(asp => asp.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
            .AddHttpClientInstrumentation()
            .AddSource("MassTransit")
            .AddSource(OmnichannelTelemetry.Name);

    private static void Export(TracerProviderBuilder tracing, TelemetryOptions options)
    {
        if (options.Exporter == TelemetryExporter.Console)
        {
            tracing.AddConsoleExporter();
        }
        else if (options.Exporter == TelemetryExporter.Otlp)
        {
            tracing.AddOtlpExporter(otlp => Otlp(otlp, options));
        }
    }

    private static void Export(MeterProviderBuilder metrics, TelemetryOptions options)
    {
        if (options.Exporter == TelemetryExporter.Console)
        {
            metrics.AddConsoleExporter();
        }
        else if (options.Exporter == TelemetryExporter.Otlp)
        {
            metrics.AddOtlpExporter(otlp => Otlp(otlp, options));
        }
    }

    private static void Otlp(OtlpExporterOptions otlp, TelemetryOptions options)
    {
        otlp.Endpoint = options.OtlpEndpoint;
        otlp.Protocol = options.OtlpProtocol == "HttpProtobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    }
}
