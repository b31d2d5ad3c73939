using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Hosting;
using McpGateway.Mcp;
using McpGateway.Policy.Configuration;
using ModelContextProtocol.Protocol;

namespace McpGateway;

/// <summary>
/// The gateway in-process, for backend code: the same stores, upstreams, pipeline and flow engine as <c>mcpgw serve</c>,
/// without an HTTP listener. Create it on a <c>connectors.yaml</c>, call <see cref="InitializeAsync"/>, use it, and end
/// with <see cref="ShutdownAsync"/> (or dispose it). Refusals throw <see cref="GatewayException"/>.
/// </summary>
public sealed partial class Gateway : IAsyncDisposable
{
    private readonly GatewayConfig _config;
    private IHost? _host;

    /// <summary>Creates a gateway on a loaded configuration.</summary>
    public Gateway(GatewayConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        _config = config;
    }

    /// <summary>Loads <paramref name="configPath"/> (every error listed in the <see cref="ConfigException"/>).</summary>
    public static Gateway FromFile(string configPath) => new(ConfigLoader.Load(configPath, [new PolicyConfigCheck()]));

    /// <summary>Opens the stores, connects the upstreams, loads flow files and starts the engine (resuming unfinished runs).</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The gateway is already initialized.");
        }

        if (LogDefaults.Problem() is { } badFormat)
        {
            throw new InvalidOperationException(badFormat);
        }

        var builder = HostBuilders.CreateApplicationBuilder();
        LogDefaults.Apply(builder, _config.Server);
        builder.Services.AddGatewayCore(_config);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        _host = host;
    }

    /// <summary>Creates a flow (DISABLED), with version 1 when the draft has a definition.</summary>
    public Task<FlowRecord> CreateFlowAsync(FlowDraft draft, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().CreateFlowAsync(draft, cancellationToken));

    /// <summary>Every flow, or those in one folder.</summary>
    public Task<IReadOnlyList<FlowRecord>> ListFlowsAsync(string? folder = null, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().ListFlowsAsync(folder, cancellationToken));

    /// <summary>A flow by id or name, or null.</summary>
    public Task<FlowRecord?> GetFlowAsync(string flow, CancellationToken cancellationToken = default) =>
        Get<FlowService>().GetFlowAsync(flow, cancellationToken);

    /// <summary>Deletes a flow and its versions (its runs stay).</summary>
    public Task<FlowRecord> DeleteFlowAsync(string flow, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().DeleteFlowAsync(flow, cancellationToken));

    /// <summary>Saves a definition as the flow's next version (validated; see <see cref="FlowVersion.Errors"/>).</summary>
    public Task<FlowVersion> SaveFlowVersionAsync(string flow, JsonObject definition, string? notes = null, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().SaveVersionAsync(flow, definition, notes, "api", cancellationToken));

    /// <summary>Applies an operation: publish, enable, disable, move, rename, rollback, set_webhook_secret, describe.</summary>
    public Task<FlowRecord> ApplyFlowOperationAsync(string flow, FlowOperation operation, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().ApplyAsync(flow, operation, cancellationToken));

    /// <summary>Every version of a flow, newest first.</summary>
    public Task<IReadOnlyList<FlowVersion>> ListFlowVersionsAsync(string flow, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().ListVersionsAsync(flow, cancellationToken));

    /// <summary>A version by number, <c>latest</c> or <c>published</c>.</summary>
    public Task<FlowVersion> GetFlowVersionAsync(string flow, string version, CancellationToken cancellationToken = default) =>
        Value(Get<FlowService>().GetVersionAsync(flow, version, cancellationToken));

    /// <summary>Runs a flow and waits until it ends or pauses; returns the run (outputs when it succeeded).</summary>
    public async Task<FlowRun> StartFlowRunAsync(RunStart start, CancellationToken cancellationToken = default)
    {
        var run = await StartFlowRunInBackgroundAsync(start, cancellationToken);
        return await Get<FlowEngine>().WaitAsync(run.Id, cancellationToken);
    }

    /// <summary>Starts a run and returns it at once (PENDING); the same dedup key gives back the same run.</summary>
    public async Task<FlowRun> StartFlowRunInBackgroundAsync(RunStart start, CancellationToken cancellationToken = default)
    {
        var started = await Get<FlowEngine>().StartRunAsync(start, cancellationToken);
        return started.Ok ? started.Run! : throw new GatewayException(started.Error!);
    }

    /// <summary>A run with its node executions and usage (tool calls, attempts, time per step and connector), or null.</summary>
    public Task<RunDetails?> GetFlowRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Get<FlowEngine>().GetRunAsync(runId, cancellationToken);

    /// <summary>Runs matching the query, newest first, one page.</summary>
    public async Task<RunPage> ListFlowRunsAsync(RunQuery query, CancellationToken cancellationToken = default) =>
        await Get<IRunStore>().ListRunsAsync(query, cancellationToken);

    /// <summary>Cancels a run.</summary>
    public Task<FlowRun> CancelFlowRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Value(Get<FlowEngine>().CancelAsync(runId, cancellationToken));

    /// <summary>
    /// Pauses a run: no new step starts, steps in flight finish, then it is PAUSED with the reason <c>paused by
    /// <paramref name="by"/></c>; any replica holding the run honours it. A <see cref="GatewayException"/> when it cannot be.
    /// </summary>
    public Task<FlowRun> PauseFlowRunAsync(string runId, string by, CancellationToken cancellationToken = default) =>
        Value(Get<FlowEngine>().PauseAsync(runId, by, cancellationToken));

    /// <summary>Resumes a paused run.</summary>
    public Task<FlowRun> ResumeFlowRunAsync(string runId, CancellationToken cancellationToken = default) =>
        Value(Get<FlowEngine>().ResumeAsync(runId, cancellationToken));

    /// <summary>The tools an agent sees on the aggregated endpoint (upstream tools and flow tools), without key filtering.</summary>
    public Task<IReadOnlyList<Tool>> GetAgentToolsAsync(CancellationToken cancellationToken = default)
    {
        var tools = Get<ToolCatalog>().Current.Cards.Select(c => c.ToProtocolTool(c.Name)).ToList();
        tools.AddRange(Get<FlowTools>().Current.Values);
        return Task.FromResult<IReadOnlyList<Tool>>(tools);
    }

    /// <summary>The dashboard figures: flow and run counts, runs by status, success rate, recent runs.</summary>
    public Task<GatewayStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        GatewayStats.ReadAsync(Get<FlowService>(), Get<IRunStore>(), Get<TimeProvider>(), cancellationToken);

    /// <summary>
    /// Stops taking work; running flow nodes get <paramref name="grace"/> (default the configured shutdown grace) to
    /// finish, the rest stays resumable for the next start; then upstreams stop and stores flush.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan? grace = null, CancellationToken cancellationToken = default)
    {
        if (_host is not { } host)
        {
            return;
        }

        _host = null;
        if (grace is { } g)
        {
            await Get<FlowEngine>(host).StopAsync(g, cancellationToken);
        }

        await host.StopAsync(cancellationToken);
        host.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await ShutdownAsync();

    private T Get<T>()
        where T : notnull => Get<T>(_host ?? throw new InvalidOperationException("Call InitializeAsync first (or the gateway was shut down)."));

    private static T Get<T>(IHost host)
        where T : notnull => host.Services.GetRequiredService<T>();

    private static async Task<T> Value<T>(Task<FlowResult<T>> result)
        where T : class
    {
        var r = await result;
        return r.Ok ? r.Value! : throw new GatewayException(r.Error!);
    }
}
