using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;

namespace McpGateway.Mcp;

/// <summary>
/// The flows an agent sees as tools: each ENABLED flow with a published version is <c>flow__{name}</c>, plus (when there is any) the
/// gateway tool <c>flow__runs_get</c> for results of runs that paused. A snapshot, rebuilt whenever the flow service
/// says the set changed (publish, enable, disable, rename, delete), so tools/list stays cheap; <see cref="Changed"/>
/// tells the sessions to send <c>tools/list_changed</c>.
/// </summary>
internal sealed partial class FlowTools(FlowService flows, ILogger<FlowTools> logger)
{
    public const string Prefix = "flow__";
    public const string RunsGet = Prefix + "runs_get";

    private volatile IReadOnlyDictionary<string, Tool> _tools = new Dictionary<string, Tool>();

    /// <summary>Raised after the snapshot changed.</summary>
    public event Action? Changed;

    public IReadOnlyDictionary<string, Tool> Current => _tools;

    /// <summary>Builds the first snapshot and follows the flow service's changes.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        flows.ToolsChanged += () => _ = RefreshAsync(CancellationToken.None);
        await RefreshAsync(ct);
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            var list = await flows.ListToolFlowsAsync(ct);
            var tools = new Dictionary<string, Tool>(StringComparer.Ordinal);
            foreach (var (flow, version) in list)
            {
                var name = Prefix + flow.Name;
                if (name != RunsGet)
                {
                    tools[name] = Tool(flow, version);
                }
            }

            // flow__runs_get only matters beside flow tools: a gateway without flows lists upstream tools only.
            if (tools.Count > 0)
            {
                tools[RunsGet] = RunsGetTool();
            }

            var before = _tools;
            _tools = tools;
            if (!SameTools(before, tools))
            {
                Changed?.Invoke();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RefreshFailed(logger, ex);
        }
    }

    private static bool SameTools(IReadOnlyDictionary<string, Tool> a, Dictionary<string, Tool> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var t) && t.Description == p.Value.Description &&
                                         t.InputSchema.GetRawText() == p.Value.InputSchema.GetRawText());

    /// <summary>True when the key (null: auth off) may list and call this flow tool.</summary>
    public static bool MayUse(ApiKey? key, string toolName) =>
        key is null || (Scopes.Allows(key.Scopes, Scopes.FlowsRun) && KeyAccess.MatchesAllowedTools(key, toolName));

    private static Tool Tool(FlowRecord flow, FlowVersion version)
    {
        var schema = version.Definition["inputs"] as JsonObject ?? new JsonObject { ["type"] = "object" };
        return new Tool
        {
            Name = Prefix + flow.Name,
            Title = flow.Name,
            Description = (flow.Description ?? $"Runs the flow '{flow.Name}'.") +
                          $" (flow version {version.Number}; if it pauses for approval, the result says so with the run id: read it later with {RunsGet}.)",
            InputSchema = JsonSerializer.SerializeToElement(schema),
        };
    }

    private static Tool RunsGetTool() => new()
    {
        Name = RunsGet,
        Title = "Get a flow run",
        Description = "Returns a flow run by id: its status, outputs or error, and each node's status. Use it for a run that paused for approval.",
        InputSchema = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["run_id"] = new JsonObject { ["type"] = "string", ["description"] = "The run id (run_…)" } },
            ["required"] = new JsonArray("run_id"),
        }),
        Annotations = new ToolAnnotations { ReadOnlyHint = true, IdempotentHint = true },
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Could not rebuild the list of flow tools; the previous list stays")]
        public static partial void RefreshFailed(ILogger logger, Exception ex);
    }
}
