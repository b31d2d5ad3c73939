using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Calls;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Journal;
using ModelContextProtocol;

namespace McpGateway.Admin;

/// <summary>
/// <c>POST /v1/call</c> and <c>POST /v1/executions</c> (same pipeline as MCP; <c>Idempotency-Key</c> header honoured):
/// the answer is the durable execution object. <c>GET /v1/executions/{id}</c> reads one back from the journal.
/// </summary>
internal static class CallEndpoints
{
    public static void MapCalls(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/call", CallAsync).RequireScope(Scopes.ToolsCall);
        app.MapPost("/v1/executions", CallAsync).RequireScope(Scopes.ToolsCall);
        app.MapGet("/v1/executions/{id}", GetAsync).RequireScope(Scopes.TracesRead);
    }

    private static async Task<IResult> CallAsync(HttpContext http, ToolCallPipeline pipeline)
    {
        var key = AdminAuth.Key(http);
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        ToolCallContext context;
        try
        {
            context = Context(body!, key, http);
        }
        catch (CallInputException ex)
        {
            return Problems.Create(400, "Bad Request", ex.Message);
        }

        var outcome = await pipeline.InvokeAsync(context);
        return outcome.Fault == ToolCallFault.RateLimited
            ? RateLimited(http, context, outcome)
            : Results.Json(ExecutionView(context, outcome), statusCode: StatusFor(outcome));
    }

    /// <summary>
    /// 429 as ProblemDetails with <c>Retry-After</c> (whole seconds) and the execution's facts as extensions, so a client
    /// that only reads the status and the header waits the right time, and one that reads the body finds the journal record.
    /// </summary>
    private static IResult RateLimited(HttpContext http, ToolCallContext context, ToolCallOutcome outcome)
    {
        var retryAfter = context.Details["retry_after_s"]?.GetValue<long>() ?? 1;
        http.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Create(429, "Too Many Requests", outcome.Message ?? "A rate limit is used up; nothing was executed.", new Dictionary<string, object?>
        {
            ["execution_id"] = context.ExecutionId,
            ["tool"] = context.Card?.Name ?? context.ToolName,
            // "status" is the HTTP status in ProblemDetails; the call's own is its final outcome, as in the execution view.
            ["final_outcome"] = outcome.Status.ToWire(),
            ["retry_after_s"] = retryAfter,
            ["gateway"] = context.Details.DeepClone(),
        });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, IJournalStore journal)
    {
        var record = await journal.GetAsync(id, http.RequestAborted);
        return record is null ? Problems.Create(404, "Not Found", $"No execution '{id}'.") : Results.Json(TraceView.From(record));
    }

    private static ToolCallContext Context(JsonObject body, ApiKey? key, HttpContext http)
    {
        var tool = CallInputReader.Str(body, "tool") ?? throw new CallInputException("'tool' is required.");
        var arguments = body["arguments"] switch
        {
            null => null,
            JsonObject o => ArgumentsJson.FromObject(o),
            _ => throw new CallInputException("'arguments' must be an object."),
        };
        var caller = CallInputReader.Caller("rest", null, key, body["context"], CallInputReader.Str(body, "agent"));
        var header = http.Request.Headers["Idempotency-Key"].ToString();
        return new ToolCallContext(tool, arguments, caller, http.RequestAborted)
        {
            ConnectorScope = CallInputReader.Str(body, "connector"),
            Entity = CallInputReader.Entity(body["entity_resolution"]),
            IdempotencyKey = header.Length > 0 ? header : CallInputReader.Str(body, "idempotency_key"),
            Options = CallInputReader.Options(body["options"]),
        };
    }

    public static JsonObject ExecutionView(ToolCallContext context, ToolCallOutcome outcome)
    {
        var view = new JsonObject
        {
            ["execution_id"] = context.ExecutionId,
            ["tool"] = context.Card?.Name ?? context.ToolName,
            ["status"] = outcome.Status.ToWire(),
            ["final_outcome"] = outcome.Status.ToWire(),
            ["message"] = outcome.Message,
            ["attempts"] = context.Attempts,
            ["result"] = outcome.Result is null ? null : JsonSerializer.SerializeToNode(outcome.Result, McpJsonUtilities.DefaultOptions),
            ["trace"] = new JsonArray(context.Trace.Select(d => (JsonNode)new JsonObject
            {
                ["stage"] = d.Stage,
                ["decision"] = d.Decision,
                ["detail"] = d.Detail,
            }).ToArray()),
        };
        if (context.HasDetails)
        {
            view["gateway"] = context.Details.DeepClone();
        }

        return view;
    }

    public static int StatusFor(ToolCallOutcome outcome) => outcome.Fault switch
    {
        ToolCallFault.Unauthorized => 401,
        ToolCallFault.Forbidden => 403,
        ToolCallFault.UnknownTool => 404,
        ToolCallFault.EntityMismatch or ToolCallFault.ToolQuarantined or ToolCallFault.IdempotencyConflict or ToolCallFault.IdempotencyInFlight or ToolCallFault.IdempotencyUndetermined => 409,
        ToolCallFault.InvalidArguments => 422,
        ToolCallFault.RateLimited => 429,
        ToolCallFault.CircuitOpen => 503,
        ToolCallFault.UpstreamUnavailable or ToolCallFault.UpstreamError or ToolCallFault.Timeout or ToolCallFault.OutcomeUnknown => 502,
        _ => outcome.Status switch
        {
            ToolCallStatus.PendingApproval => 202,
            ToolCallStatus.Denied => 403,
            ToolCallStatus.Blocked or ToolCallStatus.ReplanRequired => 409,
            ToolCallStatus.Cancelled => 409,
            ToolCallStatus.Failed => 502,
            _ => 200,
        },
    };
}
