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
    private static readonly string[] Statuses =
    [
        ApprovalStatuses.Pending, ApprovalStatuses.Deciding, ApprovalStatuses.Executed, ApprovalStatuses.Rejected,
        ApprovalStatuses.Cancelled, ApprovalStatuses.Invalidated, ApprovalStatuses.ReplanRequired, ApprovalStatuses.Blocked,
    ];

    public static void MapApprovals(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/approvals", ListAsync).RequireScope(Scopes.ApprovalsRead);
        app.MapGet("/v1/approvals/{id}", GetAsync).RequireScope(Scopes.ApprovalsRead);
        app.MapPost("/v1/approvals/{id}/approve", ApproveAsync).RequireScope(Scopes.ApprovalsWrite);
        app.MapPost("/v1/approvals/{id}/reject", RejectAsync).RequireScope(Scopes.ApprovalsWrite);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IApprovalStore store, ArgumentRedactor redactor)
    {
        if (Paging.Read(http.Request, "approvals", out var page) is { } badPage)
        {
            return badPage;
        }

        var status = http.Request.Query["status"].ToString() is { Length: > 0 } s && s != "all" ? s : null;
        if (status is not null && !Statuses.Contains(status))
        {
            return Problems.Create(400, "Bad Request", $"'status' must be all or one of {string.Join(", ", Statuses)}, got '{status}'.");
        }

        (DateTimeOffset, string)? before = null;
        if (page.After is { } after)
        {
            if (TimeKey.Parse(after) is not { } key)
            {
                return Paging.BadCursor();
            }

            before = key;
        }

        // One row more than the page says whether another follows, without a count.
        var list = await store.ListAsync(status, page.Limit + 1, before, http.RequestAborted);
        var shown = list.Take(page.Limit).ToList();
        return Paging.Answer(page, shown.Select(a => (JsonNode)ApprovalView.From(a, redactor)),
            list.Count > page.Limit ? TimeKey.Format(shown[^1].CreatedAt, shown[^1].Id) : null);
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
