using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Admin;

/// <summary>
/// <c>POST /v1/policy/simulate</c> (what would happen, nothing executed), <c>POST /v1/state/verify</c> (execute, abort or
/// replan with field-level drift) and <c>POST /v1/outcomes/reconcile</c> (settle an open execution with its probe, or, with a
/// <c>verdict</c>, an ended one whose key's outcome nothing could check).
/// </summary>
internal static class PolicyEndpoints
{
    public static void MapPolicy(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/policy/simulate", SimulateAsync).RequireScope(Scopes.ToolsRead);
        app.MapPost("/v1/state/verify", VerifyAsync).RequireScope(Scopes.StateVerify);
        app.MapPost("/v1/outcomes/reconcile", ReconcileAsync).RequireScope(Scopes.OutcomesReconcile);
    }

    private static async Task<IResult> SimulateAsync(HttpContext http, ToolCallStages stages)
    {
        var key = AdminAuth.Key(http);
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var context = Proposal(body!, "simulate", key, http.RequestAborted);
            var outcome = await ToolCallPipelineBuilder.BuildSimulation(stages).InvokeAsync(context);
            var view = CallEndpoints.ExecutionView(context, outcome);
            view.Remove("execution_id");
            view["decision"] = Decision(outcome.Status);
            return Results.Json(view);
        }
        catch (CallInputException ex)
        {
            return Problems.Create(400, "Bad Request", ex.Message);
        }
    }

    /// <summary>
    /// A proposed call read from a simulate or preflight body: <c>tool</c>, <c>arguments</c>, <c>connector</c>,
    /// <c>context</c>, <c>entity_resolution</c> and <c>idempotency_key</c>.
    /// </summary>
    /// <exception cref="CallInputException">The body names no tool or holds a malformed field.</exception>
    public static ToolCallContext Proposal(JsonObject body, string surface, ApiKey? key, CancellationToken cancellationToken)
    {
        var tool = CallInputReader.Str(body, "tool") ?? throw new CallInputException("'tool' is required.");
        var caller = CallInputReader.Caller(surface, null, key, body["context"]);
        return new ToolCallContext(tool, ArgumentsJson.FromObject(body["arguments"] as JsonObject), caller, cancellationToken)
        {
            ConnectorScope = CallInputReader.Str(body, "connector"),
            Entity = CallInputReader.Entity(body["entity_resolution"]),
            IdempotencyKey = CallInputReader.Str(body, "idempotency_key"),
        };
    }

    /// <summary>A simulated call's status as a decision: allow, require_approval, deny, or the status's wire name.</summary>
    public static string Decision(ToolCallStatus status) => status switch
    {
        ToolCallStatus.Completed => "allow",
        ToolCallStatus.PendingApproval => "require_approval",
        ToolCallStatus.Denied => "deny",
        _ => status.ToWire(),
    };

    private static async Task<IResult> VerifyAsync(HttpContext http, StateVerifier verifier)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var request = CallInputReader.Verify(body) ?? throw new CallInputException("A verify object is required.");
            var vars = new JsonObject { ["args"] = (body!["arguments"] as JsonObject)?.DeepClone() ?? new JsonObject() };
            var result = await verifier.VerifyAsync(request, CallInputReader.Str(body!, "connector") ?? "", vars, http.RequestAborted);
            return Results.Json(result.ToJson());
        }
        catch (CallInputException ex)
        {
            return Problems.Create(400, "Bad Request", ex.Message);
        }
    }

    private static async Task<IResult> ReconcileAsync(
        HttpContext http, IJournalStore journal, OutcomeReconciler reconciler, IIdempotencyStore keys, ILoggerFactory loggers, TimeProvider time)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        string? id, verdict, note;
        try
        {
            (id, verdict, note) = (CallInputReader.Str(body!, "execution_id"), CallInputReader.Str(body!, "verdict"), CallInputReader.Str(body!, "note"));
        }
        catch (CallInputException ex)
        {
            return Problems.Create(400, "Bad Request", ex.Message);
        }

        var record = id is null ? null : await journal.GetAsync(id, http.RequestAborted);
        if (record is null)
        {
            return Problems.Create(404, "Not Found", $"No execution '{id}'.");
        }

        if (record.Status != ExecutionRecord.OpenStatus)
        {
            // An ended call can still need an operator's word: its key's outcome nothing could check.
            return verdict is null
                ? Problems.Create(409, "Conflict", $"Execution {id} is already settled ({record.Status}).")
                : Settled(record.ExecutionId, verdict, await OutcomeSettlement.SettleAsync(
                    new OutcomeSettlement.Request(record.ExecutionId, verdict, note, Operator(http), time.GetUtcNow()), keys, journal, loggers.CreateLogger(typeof(OutcomeSettlement)), http.RequestAborted));
        }

        if (verdict is not null)
        {
            return Problems.Create(409, "Conflict", $"Execution {id} is still open: reconcile it without a verdict first (its probe runs).");
        }

        var reconciled = await reconciler.ReconcileAsync(record, http.RequestAborted);
        return Results.Json(new JsonObject
        {
            ["execution_id"] = reconciled.ExecutionId,
            ["status"] = reconciled.Status,
            ["detail"] = reconciled.Detail,
            ["evidence"] = reconciled.Evidence?.DeepClone(),
        });
    }

    /// <summary>Who gives a verdict: the key's agent and name, or "operator" when auth is off.</summary>
    private static string Operator(HttpContext http) => AdminAuth.Key(http) is { } key ? $"{key.Agent} ({key.Name})" : "operator";

    private static IResult Settled(string executionId, string verdict, OutcomeSettlement.Result settled) => settled.Status switch
    {
        SettlementStatus.BadVerdict => Problems.Create(400, "Bad Request",
            $"'verdict' must be '{OutcomeSettlement.Executed}' or '{OutcomeSettlement.NotExecuted}', not '{verdict}'."),
        SettlementStatus.NothingToSettle => Problems.Create(409, "Conflict",
            $"Execution {executionId} holds no idempotency key whose outcome is unknown; there is nothing to settle."),
        SettlementStatus.SettledMeanwhile => Problems.Create(409, "Conflict", $"The key of execution {executionId} was settled meanwhile."),
        _ => Results.Json(new JsonObject
        {
            ["execution_id"] = executionId,
            ["idempotency_key"] = settled.Key,
            ["status"] = verdict == OutcomeSettlement.Executed ? "reconciled" : "released",
            ["detail"] = verdict == OutcomeSettlement.Executed
                ? "A repeat with this key now replays a result saying the call took effect."
                : "The key is free: a repeat with it runs the call.",
        }),
    };
}
