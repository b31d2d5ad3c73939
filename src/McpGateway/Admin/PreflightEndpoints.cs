using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Preflight;

namespace McpGateway.Admin;

/// <summary>
/// <c>POST /v1/preflight</c>: for a proposed call (the body of <c>/v1/policy/simulate</c>, plus <c>idempotency_key</c>),
/// without executing it, the risk score, warnings, recommended guardrails and the decision the pipeline would reach.
/// </summary>
internal static class PreflightEndpoints
{
    public static void MapPreflight(this IEndpointRouteBuilder app) => app.MapPost("/v1/preflight", PreflightAsync).RequireScope(Scopes.ToolsRead);

    private static async Task<IResult> PreflightAsync(HttpContext http, ToolCallStages stages)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            var context = PolicyEndpoints.Proposal(body!, "preflight", AdminAuth.Key(http), http.RequestAborted);
            var outcome = await ToolCallPipelineBuilder.BuildSimulation(stages).InvokeAsync(context);
            // A quarantined tool is judged once its changed definition is accepted, not on a card it no longer matches.
            if (outcome.Fault == ToolCallFault.ToolQuarantined)
            {
                return Problems.Create(409, "Conflict", outcome.Message!);
            }

            if (context.Card is not { } card)
            {
                return Problems.Create(404, "Not Found", outcome.Message ?? $"No tool named '{context.ToolName}'.");
            }

            var report = CallPreflight.Assess(card, context);
            var simulated = CallEndpoints.ExecutionView(context, outcome);
            return Results.Json(new JsonObject
            {
                ["tool"] = card.Name,
                ["decision"] = PolicyEndpoints.Decision(outcome.Status),
                ["reason"] = outcome.Message,
                ["risk"] = report.Risk,
                ["risk_score"] = report.Score,
                ["warnings"] = new JsonArray(report.Warnings.Select(w => (JsonNode)new JsonObject { ["code"] = w.Code, ["message"] = w.Message }).ToArray()),
                ["guardrails"] = new JsonArray(report.Warnings.Select(w => (JsonNode)w.Guardrail).ToArray()),
                ["trace"] = simulated["trace"]?.DeepClone(),
            });
        }
        catch (CallInputException ex)
        {
            return Problems.Create(400, "Bad Request", ex.Message);
        }
    }
}
