using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Stages.Journal;
using ModelContextProtocol;

namespace McpGateway.Policy.Pipeline;

/// <summary>Everything about one tool call as it moves through the pipeline. Per-call state lives here, never in statics.</summary>
public sealed class ToolCallContext
{
    private List<StageDecision>? _trace;
    private JsonObject? _details;
    private JsonObject? _argumentsObject;
    private JsonObject? _variables;

    /// <summary>Creates a context for one call.</summary>
    public ToolCallContext(string toolName, IDictionary<string, JsonElement>? arguments, CallerIdentity caller, CancellationToken cancellationToken)
    {
        ToolName = toolName;
        Arguments = arguments;
        Caller = caller;
        CancellationToken = cancellationToken;
    }

    /// <summary>The execution id, <c>exe_…</c>; assigned by the journal stage.</summary>
    public string ExecutionId { get; set; } = "";

    /// <summary>The call's execution record, set by the journal stage (null in a pipeline without one).</summary>
    public JournalEntry? Journal { get; set; }

    /// <summary>The tool name as the caller sent it.</summary>
    public string ToolName { get; }

    /// <summary>The arguments as sent (may be null).</summary>
    public IDictionary<string, JsonElement>? Arguments { get; }

    /// <summary>Who is calling.</summary>
    public CallerIdentity Caller { get; }

    /// <summary>Null on the aggregated endpoint; the connector's name on its own endpoint (names are then unprefixed).</summary>
    public string? ConnectorScope { get; init; }

    /// <summary>The request's <c>_meta</c> without the progress token (forwarded upstream).</summary>
    public JsonObject? Meta { get; init; }

    /// <summary>Receives the upstream's progress notifications, when the caller asked for progress.</summary>
    public IProgress<ProgressNotificationValue>? Progress { get; init; }

    /// <summary>The caller's session, for relaying the upstream's sampling and elicitation requests.</summary>
    public IDownstreamPeer? Downstream { get; init; }

    /// <summary>
    /// What a 2026-07-28 upstream is told the caller can answer: what the caller declared and the gateway can relay to
    /// it. Null (REST, flows): the gateway's own client capabilities.
    /// </summary>
    public ModelContextProtocol.Protocol.ClientCapabilities? ClientCapabilities { get; init; }

    /// <summary>
    /// The caller answers an <c>approver: client</c> rule by a Multi Round-Trip Request (MCP 2026-07-28: no session to ask
    /// on): the approval stage freezes the call and marks it (<c>Details["approver"] = "client"</c>) for the surface to ask
    /// the user with an <c>InputRequiredResult</c>; the answer thaws it on whichever process receives the retry.
    /// </summary>
    public bool ApprovalByInputRequest { get; init; }

    /// <summary>The resolved tool; set by the resolve stage.</summary>
    public CapabilityCard? Card { get; set; }

    /// <summary>The entity the caller resolved, if it attached one.</summary>
    public EntityClaim? Entity { get; init; }

    /// <summary>The idempotency key the caller sent, if any.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Per-call overrides (timeout, retry, fallback, on_failure, verify).</summary>
    public CallOptions? Options { get; init; }

    /// <summary>Set when an approved call is thawed: the approval and what the approver supplied.</summary>
    public ApprovalThaw? Thaw { get; init; }

    /// <summary>
    /// The execution this call goes on as: the one a later round of a Multi Round-Trip Request continues (its record
    /// ended <see cref="ToolCallStatus.InputRequired"/>), or, with <see cref="Thaw"/>, the frozen one. The journal reopens
    /// that record instead of starting one, so a call is one execution however many rounds it takes; null for a new call.
    /// </summary>
    public string? Continues { get; init; }

    /// <summary>The caller's answers to the upstream's input requests and the upstream's state, sent back with the call.</summary>
    public InputRound? UpstreamRound { get; init; }

    /// <summary>The idempotency key this call holds (caller's or derived); set by the idempotency stage.</summary>
    public string? HeldIdempotencyKey { get; set; }

    /// <summary>The rule that asked for approval; set by the rules stage, acted on by the approval stage.</summary>
    public RuleMatch? ApprovalRule { get; set; }

    /// <summary>The approval this call is frozen in or thawed from.</summary>
    public string? ApprovalId { get; set; }

    /// <summary>Per-attempt timeout for the upstream stage; null means the card's.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Upstream attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Set by reconciliation when a probe showed an unknown attempt did not take effect (a retry is safe).</summary>
    public bool ProbeShowedNoEffect { get; set; }

    /// <summary>Facts for the caller beside the status (approval id, drift, violations, evidence): <c>structuredContent.gateway</c>.</summary>
    public JsonObject Details => _details ??= [];

    /// <summary>True when a stage added details.</summary>
    public bool HasDetails => _details is { Count: > 0 };

    /// <summary>The arguments as a JSON object (built once, for expressions and templates).</summary>
    public JsonObject ArgumentsObject => _argumentsObject ??= ArgumentsJson.ToObject(Arguments);

    /// <summary>
    /// The expression and template variables (args, tool, connector, agent, env, workflow, action), built once per call
    /// after the tool resolved and shared by rules, key templates, refetch and verification; read, never changed.
    /// </summary>
    public JsonObject Variables => _variables ??= CallVariables.For(this);

    /// <summary>Cancelled when the caller cancels.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Each stage's decision, in order.</summary>
    public IReadOnlyList<StageDecision> Trace => (IReadOnlyList<StageDecision>?)_trace ?? [];

    /// <summary>
    /// The point where effects may begin: makes the execution record's open durable unless it already is, and returns
    /// the refusal to return when it cannot be written (nothing may run untracked). The idempotency stage calls it
    /// before it reserves a key, so everything after that stage (approval, the upstream) runs with the record open; a
    /// call the checks refuse before it costs no open write. Completes synchronously once the open is written.
    /// </summary>
    public ValueTask<ToolCallOutcome?> BeginEffectsAsync() =>
        Journal is { Opened: false } entry ? entry.OpenAsync(this) : ValueTask.FromResult<ToolCallOutcome?>(null);

    /// <summary>Appends a stage's decision.</summary>
    public void Record(string stage, string decision, string? detail = null) => (_trace ??= new(4)).Add(new StageDecision(stage, decision, detail));
}
