using McpGateway.Connectors.Configuration;
using McpGateway.Policy;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.Hosting;

/// <summary>
/// Exports spans and metrics over OTLP/HTTP when <c>gateway.otlp_endpoint</c> is set (or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable): the pipeline's own (a span per call with every stage's decision, the
/// call counters), the HTTP server's and client's, and the runtime's. Without either nothing is registered, so nothing
/// listens and spans cost nothing.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>Registers the OpenTelemetry SDK with the host when an endpoint is configured.</summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, GatewayConfig config)
    {
        var endpoint = config.Server.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (string.IsNullOrEmpty(endpoint))
        {
            return services;
        }

        var baseUri = new Uri(endpoint.TrimEnd('/') + "/");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mcpgw", serviceVersion: Connectors.GatewayInfo.Version))
            .WithTracing(tracing => tracing
                .AddSource(PolicyDiagnostics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Configure(o, new Uri(baseUri, "v1/traces"))))
            .WithMetrics(metrics => metrics
                .AddMeter(PolicyDiagnostics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(o => Configure(o, new Uri(baseUri, "v1/metrics"))));
        return services;
    }

    private static void Configure(OtlpExporterOptions options, Uri endpoint)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = endpoint;
        options.ExportProcessorType = ExportProcessorType.Batch;
        options.BatchExportProcessorOptions = new BatchExportProcessorOptions<System.Diagnostics.Activity> { ScheduledDelayMilliseconds = 500 };
    }
}
