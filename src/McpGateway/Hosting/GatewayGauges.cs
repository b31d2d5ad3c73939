using System.Diagnostics.Metrics;
using McpGateway.Connectors.Upstreams;
using McpGateway.Flows.Model;
using McpGateway.Mcp;
using McpGateway.Policy.Stages.Approval;

namespace McpGateway.Hosting;

/// <summary>
/// The gateway's state as gauges, read when metrics are collected (a <c>/metrics</c> scrape, an OTLP export): each
/// connector's state, approvals pending, flow runs by status, open sessions and listens. The store figures are one
/// query each per collection, bounded by <see cref="StoreReadTimeout"/>; a store that does not answer in time leaves
/// its gauge out of that collection rather than holding the scrape.
/// </summary>
internal sealed class GatewayGauges : IHostedService, IDisposable
{
    /// <summary>The meter's name (registered with the metrics pipeline in <see cref="GatewayTelemetry"/>).</summary>
    public const string MeterName = "McpGateway.Gateway";

    private static readonly TimeSpan StoreReadTimeout = TimeSpan.FromSeconds(2);
    private readonly Meter _meter = new(MeterName);

    public GatewayGauges(UpstreamHub hub, IApprovalStore approvals, IRunStore runs, SessionRegistry sessions, ListenStreams listens, TimeProvider time)
    {
        _meter.CreateObservableGauge("mcpgw.connector.up", () => hub.Statuses.Select(s => new Measurement<int>(
            s.State == UpstreamState.Connected ? 1 : 0,
            new KeyValuePair<string, object?>("connector", s.Connector),
            new KeyValuePair<string, object?>("state", s.State.ToString().ToLowerInvariant()))),
            description: "1 when the connector is connected, else 0; the state names what it is doing");
        _meter.CreateObservableGauge("mcpgw.approvals.pending", () =>
            TryRead(ct => approvals.CountAsync(ApprovalStatuses.Pending, ct), out var pending) ? [new Measurement<long>(pending)] : Array.Empty<Measurement<long>>(),
            description: "Tool-call approvals waiting for a decision");
        _meter.CreateObservableGauge("mcpgw.flow_runs", () =>
            TryRead(async ct => (await runs.GetStatsAsync(time.GetUtcNow(), 0, ct)).RunsByStatus, out var byStatus)
                ? byStatus.Select(s => new Measurement<long>(s.Value, new KeyValuePair<string, object?>("status", s.Key)))
                : [],
            description: "Flow runs in the store by status");
        _meter.CreateObservableGauge("mcpgw.sessions", () => sessions.Count, description: "Open 2025-11-25 sessions");
        _meter.CreateObservableGauge("mcpgw.listens", () => listens.Count, description: "Open 2026-07-28 subscriptions/listen streams");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _meter.Dispose();

    private static bool TryRead<T>(Func<CancellationToken, ValueTask<T>> read, out T value)
    {
        using var timeout = new CancellationTokenSource(StoreReadTimeout);
        try
        {
            value = read(timeout.Token).AsTask().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or System.Data.Common.DbException or InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }
}
