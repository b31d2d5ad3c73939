using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>
/// Flow tools as tasks (MCP 2026-07-28, the tasks extension): a client that declares the extension gets the run id as a
/// task at once and reads, answers and cancels it with tasks/*, answered from the stores by any gateway process.
/// </summary>
public sealed class FlowTaskTests(ControlledGatewayFixture fixture) : IClassFixture<ControlledGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private static string ApprovalFlow(string name, string after = """{ "key": "done", "type": "transform", "value": { "ok": true } }""") => $$$"""
        { "name": "{{{name}}}", "status": "ENABLED", "publish": true,
          "steps": [ { "key": "ask", "type": "approval", "message": "ship it?", "next": ["done"] }, {{{after}}} ],
          "output": "{{ steps.done.output }}" }
        """;

    private static string ToolFlow(string name, string tool, string args) => $$$"""
        { "name": "{{{name}}}", "status": "ENABLED", "publish": true,
          "steps": [ { "key": "call", "type": "tool", "tool": "{{{tool}}}", "args": {{{args}}} } ],
          "output": "{{ steps.call.output }}" }
        """;

    [Fact]
    public async Task Discover_AdvertisesTheTasksExtension()
    {
        var (status, body) = await TaskRequests.PostAsync(Gateway, "server/discover", [], null);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(body["result"]!["capabilities"]!["extensions"]![TaskRequests.Extension]);
    }

    [Fact]
    public async Task FlowTool_ExtensionDeclared_AnswersATask_GetReturnsTheResultOnce()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("task-charge"));

        var (status, body) = await TaskRequests.CallAsync(Gateway, "flow__task-charge", new JsonObject { ["payment_id"] = "pay_task_1", ["amount"] = 5 });

        Assert.Equal(HttpStatusCode.OK, status);
        var task = body["result"]!;
        Assert.Equal("task", task["resultType"]!.GetValue<string>());
        var taskId = task["taskId"]!.GetValue<string>();
        Assert.StartsWith("run_", taskId, StringComparison.Ordinal);
        Assert.Equal("working", task["status"]!.GetValue<string>());
        Assert.True(task.AsObject().ContainsKey("ttlMs"));
        Assert.True(DateTimeOffset.TryParse(task["createdAt"]!.GetValue<string>(), out _));
        Assert.True(DateTimeOffset.TryParse(task["lastUpdatedAt"]!.GetValue<string>(), out _));
        Assert.True(task["pollIntervalMs"]!.GetValue<int>() > 0);
        Assert.Null(task["content"]);

        var done = await TaskRequests.WaitForAsync(Gateway, taskId, "completed");

        Assert.Equal("complete", done["resultType"]!.GetValue<string>());
        Assert.Equal(1, done["result"]!["structuredContent"]!["charges"]!.GetValue<int>());
        Assert.Equal("SUCCEEDED", (await FlowApi.GetRunAsync(Gateway, taskId))["status"]!.GetValue<string>());
        Assert.Equal(1, await FlowApi.ChargesAsync(Gateway, "pay_task_1"));
    }

    [Fact]
    public async Task FlowTool_ExtensionNotDeclared_WaitsForTheRunAsBefore()
    {
        await FlowApi.ImportAsync(Gateway, FlowApi.ChargeFlow("task-undeclared"));

        var (_, body) = await TaskRequests.CallAsync(Gateway, "flow__task-undeclared", new JsonObject { ["payment_id"] = "pay_task_2", ["amount"] = 5 }, declareTasks: false);

        Assert.Equal("complete", body["result"]!["resultType"]!.GetValue<string>());
        Assert.Equal(1, body["result"]!["structuredContent"]!["charges"]!.GetValue<int>());
    }

    [Fact]
    public async Task TaskCancel_RunningFlow_RunIsCanceledAndTheTaskCancelled()
    {
        await FlowApi.ImportAsync(Gateway, """
            { "name": "task-slow", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "slow", "type": "tool", "tool": "demo__sleep", "args": { "ms": 60000 } } ] }
            """);
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__task-slow", []);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        await FlowApi.WaitForStatusAsync(Gateway, taskId, "RUNNING");

        var (status, ack) = await TaskRequests.TaskAsync(Gateway, "tasks/cancel", taskId);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("complete", ack["result"]!["resultType"]!.GetValue<string>());
        await FlowApi.WaitForStatusAsync(Gateway, taskId, "CANCELED", 30);
        await TaskRequests.WaitForAsync(Gateway, taskId, "cancelled");
        var (again, _) = await TaskRequests.TaskAsync(Gateway, "tasks/cancel", taskId);
        Assert.Equal(HttpStatusCode.OK, again); // idempotent
    }

    [Fact]
    public async Task PausedForApproval_InputRequired_UpdateApproves_TaskCompletes()
    {
        await FlowApi.ImportAsync(Gateway, ApprovalFlow("task-approve"));
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__task-approve", []);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();

        var asking = await TaskRequests.WaitForAsync(Gateway, taskId, "input_required");

        var (approvalId, request) = Assert.Single(asking["inputRequests"]!.AsObject());
        Assert.StartsWith("appr_", approvalId, StringComparison.Ordinal);
        Assert.Equal("elicitation/create", request!["method"]!.GetValue<string>());
        Assert.Contains("ship it?", request["params"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(approvalId, request["params"]!["_meta"]!["mcpgw/approval"]!["id"]!.GetValue<string>());
        var (withoutElicitation, quiet) = await TaskRequests.TaskAsync(Gateway, "tasks/get", taskId, elicitation: false);
        Assert.Equal(HttpStatusCode.OK, withoutElicitation);
        Assert.Equal("working", quiet["result"]!["status"]!.GetValue<string>());
        Assert.Null(quiet["result"]!["inputRequests"]);

        var answer = new JsonObject { ["inputResponses"] = new JsonObject { [approvalId] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } } };
        var (status, ack) = await TaskRequests.TaskAsync(Gateway, "tasks/update", taskId, answer);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("complete", ack["result"]!["resultType"]!.GetValue<string>());
        var done = await TaskRequests.WaitForAsync(Gateway, taskId, "completed");
        Assert.True(done["result"]!["structuredContent"]!["ok"]!.GetValue<bool>());
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}");
        Assert.Equal("executed", approval["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task PausedForApproval_UpdateDeclines_TaskCompletesWithTheFailedRunsError()
    {
        await FlowApi.ImportAsync(Gateway, ApprovalFlow("task-decline"));
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__task-decline", []);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        var asking = await TaskRequests.WaitForAsync(Gateway, taskId, "input_required");
        var approvalId = Assert.Single(asking["inputRequests"]!.AsObject()).Key;

        await TaskRequests.TaskAsync(Gateway, "tasks/update", taskId,
            new JsonObject { ["inputResponses"] = new JsonObject { [approvalId] = new JsonObject { ["action"] = "decline" } } });

        // A failed run is a tool result with isError: the extension reports it as completed, never as failed.
        var done = await TaskRequests.WaitForAsync(Gateway, taskId, "completed");
        Assert.True(done["result"]!["isError"]!.GetValue<bool>());
        Assert.Equal("FAILED", (await FlowApi.GetRunAsync(Gateway, taskId))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ToolCallHeldByAHumanRule_UpdateRefusedWithTheReason_ApprovalStaysPending()
    {
        await FlowApi.ImportAsync(Gateway, ToolFlow("task-human", "demo__set_invoice", """{ "invoice_id": "inv_1", "status": "task-human" }"""));
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__task-human", []);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        var asking = await TaskRequests.WaitForAsync(Gateway, taskId, "input_required");
        var approvalId = Assert.Single(asking["inputRequests"]!.AsObject()).Key;

        var (status, body) = await TaskRequests.TaskAsync(Gateway, "tasks/update", taskId,
            new JsonObject { ["inputResponses"] = new JsonObject { [approvalId] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());
        Assert.Contains("approver: client", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}");
        Assert.Equal("pending", approval["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ToolCallHeldByAClientRule_UpdateApproves_TheCallRunsAndTheTaskCompletes()
    {
        await FlowApi.ImportAsync(Gateway, ToolFlow("task-client", "demo__pay_invoice", """{ "invoice_id": "inv_task_client", "amount": 1500 }"""));
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__task-client", []);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        var asking = await TaskRequests.WaitForAsync(Gateway, taskId, "input_required");
        var approvalId = Assert.Single(asking["inputRequests"]!.AsObject()).Key;

        await TaskRequests.TaskAsync(Gateway, "tasks/update", taskId,
            new JsonObject { ["inputResponses"] = new JsonObject { [approvalId] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } } });

        await TaskRequests.WaitForAsync(Gateway, taskId, "completed");
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}");
        Assert.Equal("executed", approval["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task TaskStartedOnOneProcess_ReadAndApprovedOnAnotherSharingTheStore()
    {
        await FlowApi.ImportAsync(Gateway, ApprovalFlow("task-replica"));
        await using var beside = await Gateway.StartBesideAsync("demo");
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__task-replica", []);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();

        var asking = await TaskRequests.WaitForAsync(beside, taskId, "input_required");
        var approvalId = Assert.Single(asking["inputRequests"]!.AsObject()).Key;
        await TaskRequests.TaskAsync(beside, "tasks/update", taskId,
            new JsonObject { ["inputResponses"] = new JsonObject { [approvalId] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } } });

        var done = await TaskRequests.WaitForAsync(beside, taskId, "completed");
        Assert.True(done["result"]!["structuredContent"]!["ok"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("tasks/get", "run_doesnotexist")]
    [InlineData("tasks/get", "not-a-run")]
    [InlineData("tasks/update", "run_doesnotexist")]
    [InlineData("tasks/cancel", "run_doesnotexist")]
    public async Task UnknownTaskId_IsInvalidParams(string method, string taskId)
    {
        var (status, body) = await TaskRequests.TaskAsync(Gateway, method, taskId);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());
        Assert.Equal(7, body["id"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("tasks/get")]
    [InlineData("tasks/update")]
    [InlineData("tasks/cancel")]
    public async Task TasksMethod_ExtensionNotDeclared_IsMissingCapabilityNamingIt(string method)
    {
        var (status, body) = await TaskRequests.TaskAsync(Gateway, method, "run_whatever", declareTasks: false);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32021, body["error"]!["code"]!.GetValue<int>());
        Assert.NotNull(body["error"]!["data"]!["requiredCapabilities"]!["extensions"]![TaskRequests.Extension]);
    }

    [Theory]
    [InlineData("tasks/result")]
    [InlineData("tasks/list")]
    public async Task RemovedTasksMethods_AreMethodNotFound(string method)
    {
        var (status, body) = await TaskRequests.TaskAsync(Gateway, method, "run_whatever");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(-32601, body["error"]!["code"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("run_other")]
    public async Task TasksMethod_McpNameMissingOrNotTheTaskId_IsAHeaderMismatch(string? nameHeader)
    {
        var parameters = new JsonObject { ["taskId"] = "run_named" };

        var (status, body) = await TaskRequests.PostAsync(Gateway, "tasks/get", parameters, nameHeader);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(-32020, body["error"]!["code"]!.GetValue<int>());
    }
}
