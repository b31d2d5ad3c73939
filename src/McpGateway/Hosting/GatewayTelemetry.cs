using McpGateway.Connectors.Configuration;
using McpGateway.Policy;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.Hosting;

/// <summary>
/// OpenTelemetry for the gateway: the pipeline's own spans and meter (a span per call with every stage's decision, the
/// call counter and duration), the gateway's state (<see cref="GatewayGauges"/>), the HTTP server's and client's, and
/// the runtime's. Exported over OTLP/HTTP when <c>gateway.otlp_endpoint</c> is set (or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable), and served for Prometheus on <c>/metrics</c> by <c>mcpgw serve</c>.
/// With neither (<c>mcpgw stdio</c> without an endpoint), nothing is registered, so nothing listens and nothing costs.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>Registers OTLP export of spans and metrics when an endpoint is configured.</summary>
    public static IServiceCollection AddGatewayTelemetry(this IServiceCollection services, GatewayConfig config)
    {
        var endpoint = config.Server.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (string.IsNullOrEmpty(endpoint))
        {
            return services;
        }

        var baseUri = new Uri(endpoint.TrimEnd('/') + "/");
        services.AddGatewayOpenTelemetry()
            .WithTracing(tracing => tracing
                .AddSource(PolicyDiagnostics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Configure(o, new Uri(baseUri, "v1/traces"))))
            .WithMetrics(metrics => metrics.AddOtlpExporter(o => Configure(o, new Uri(baseUri, "v1/metrics"))));
        return services;
    }

    /// <summary>Registers the Prometheus exporter that <c>/metrics</c> serves (mapped by <c>HealthEndpoints</c>).</summary>
    public static IServiceCollection AddGatewayPrometheus(this IServiceCollection services)
    {
        services.AddGatewayOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());
        return services;
    }

    /// <summary>The SDK with the gateway's resource and meters, configured once however many exporters ask for it.</summary>
    private static OpenTelemetryBuilder AddGatewayOpenTelemetry(this IServiceCollection services)
    {
        var builder = services.AddOpenTelemetry();
        if (services.Any(d => d.ServiceType == typeof(GatewayGauges)))
        {
            return builder;
        }

        services.AddSingleton<GatewayGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayGauges>());
        return builder
            .ConfigureResource(resource => resource.AddService("mcpgw", serviceVersion: Connectors.GatewayInfo.Version))
            .WithMetrics(metrics => metrics
                .AddMeter(PolicyDiagnostics.Name, GatewayGauges.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation());
    }

    private static void Configure(OtlpExporterOptions options, Uri endpoint)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = endpoint;
        options.ExportProcessorType = ExportProcessorType.Batch;
        options.BatchExportProcessorOptions = new BatchExportProcessorOptions<System.Diagnostics.Activity> { ScheduledDelayMilliseconds = 500 };
    }
}
