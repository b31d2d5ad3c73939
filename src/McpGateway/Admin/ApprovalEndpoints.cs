using System.Text.Json.Nodes;
using McpGateway.Calls;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Admin;

/// <summary><c>/v1/approvals</c>: list, get (with <c>?live=true</c>: live state and drift), approve, reject.</summary>
internal static class ApprovalEndpoints
{
    public static void MapApprovals(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/approvals", ListAsync).RequireScope(Scopes.ApprovalsRead);
        app.MapGet("/v1/approvals/{id}", GetAsync).RequireScope(Scopes.ApprovalsRead);
        app.MapPost("/v1/approvals/{id}/approve", ApproveAsync).RequireScope(Scopes.ApprovalsWrite);
        app.MapPost("/v1/approvals/{id}/reject", RejectAsync).RequireScope(Scopes.ApprovalsWrite);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IApprovalStore store, ArgumentRedactor redactor)
    {
        var status = http.Request.Query["status"].ToString() is { Length: > 0 } s && s != "all" ? s : null;
        var limit = int.TryParse(http.Request.Query["limit"], out var l) && l is > 0 and <= 1000 ? l : 100;
        var list = await store.ListAsync(status, limit, http.RequestAborted);
        return Results.Json(new JsonObject { ["approvals"] = new JsonArray(list.Select(a => (JsonNode)ApprovalView.From(a, redactor)).ToArray()) });
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, IApprovalStore store, StateReader reader, ArgumentRedactor redactor)
    {
        var approval = await store.GetAsync(id, http.RequestAborted);
        if (approval is null)
        {
            return Problems.Create(404, "Not Found", $"No approval '{id}'.");
        }

        var view = ApprovalView.From(approval, redactor);
        if (http.Request.Query["live"] == "true")
        {
            await ApprovalView.AddLiveAsync(view, approval, reader, redactor, http.RequestAborted);
        }

        return Results.Json(view);
    }

    private static async Task<IResult> ApproveAsync(HttpContext http, string id, ApprovalService approvals)
    {
        var key = AdminAuth.Key(http);
        var (body, problem) = await RestBody.ReadAsync(http.Request, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        if (body!["state"] is { } state and not JsonObject)
        {
            return Problems.Create(400, "Bad Request", $"'state' must be an object, not {state.GetValueKind()}.");
        }

        var approver = Approver(body, key);
        var decision = await approvals.ApproveAsync(id, approver, body["state"]?.DeepClone() as JsonObject, http.RequestAborted);
        return DecisionResult(id, decision);
    }

    private static async Task<IResult> RejectAsync(HttpContext http, string id, ApprovalService approvals)
    {
        var key = AdminAuth.Key(http);
        var (body, problem) = await RestBody.ReadAsync(http.Request, optional: true);
        if (problem is not null)
        {
            return problem;
        }

        var decision = await approvals.RejectAsync(id, Approver(body!, key), CallInputReader.Str(body!, "reason"), http.RequestAborted);
        return DecisionResult(id, decision);
    }

    private static string Approver(JsonObject body, ApiKey? key) =>
        key is not null ? $"{key.Agent} ({key.Name})" : CallInputReader.Str(body, "approver") ?? "anonymous";

    private static IResult DecisionResult(string id, ApprovalDecision decision) => decision.Kind switch
    {
        ApprovalDecisionKind.NotFound => Problems.Create(404, "Not Found", decision.Message),
        ApprovalDecisionKind.AlreadyDecided => Problems.Create(409, "Conflict", decision.Message,
            new Dictionary<string, object?> { ["approval_id"] = id, ["approval_status"] = decision.Approval?.Status }),
        _ => Results.Json(DecisionView(id, decision)),
    };

    private static JsonObject DecisionView(string id, ApprovalDecision d)
    {
        var view = d.Details is null ? [] : (JsonObject)d.Details.DeepClone();
        view["approval_id"] = id;
        view["decision"] = d.Decision;
        view["message"] = d.Message;
        view["approval_status"] = d.Approval?.Status;
        return view;
    }
}
