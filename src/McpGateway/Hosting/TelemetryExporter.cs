using McpGateway.Connectors.Configuration;
using McpGateway.Policy;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace McpGateway.Hosting;

/// <summary>
/// Exports the pipeline's spans and metrics over OTLP/HTTP when <c>gateway.otlp_endpoint</c> is set (or the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable). Without either, nothing listens and spans cost nothing.
/// </summary>
internal sealed class TelemetryExporter(GatewayConfig config) : IHostedService, IDisposable
{
    private TracerProvider? _traces;
    private MeterProvider? _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = config.Server.OtlpEndpoint ?? Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (string.IsNullOrEmpty(endpoint))
        {
            return Task.CompletedTask;
        }

        var resource = ResourceBuilder.CreateDefault().AddService("mcpgw", serviceVersion: Connectors.GatewayInfo.Version);
        var baseUri = new Uri(endpoint.TrimEnd('/') + "/");
        _traces = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(PolicyDiagnostics.Name)

            // The request's own ASP.NET Core activity is not exported, so a parent-based sampler would drop every call span.
            .SetSampler(new AlwaysOnSampler())
            .AddOtlpExporter(o => Configure(o, new Uri(baseUri, "v1/traces")))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(PolicyDiagnostics.Name)
            .AddOtlpExporter(o => Configure(o, new Uri(baseUri, "v1/metrics")))
            .Build();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _traces?.ForceFlush(2000);
        _metrics?.ForceFlush(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _traces?.Dispose();
        _metrics?.Dispose();
    }

    private static void Configure(OtlpExporterOptions options, Uri endpoint)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = endpoint;
        options.ExportProcessorType = ExportProcessorType.Batch;
        options.BatchExportProcessorOptions = new BatchExportProcessorOptions<System.Diagnostics.Activity> { ScheduledDelayMilliseconds = 500 };
    }
}
