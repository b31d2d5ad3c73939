using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>With <c>auth: keys</c>: a task is seen only by the key or agent that started it, and decided only with approvals:write.</summary>
public sealed class FlowTaskKeyTests(KeysGatewayFixture fixture) : IClassFixture<KeysGatewayFixture>
{
    private GatewayProcess Gateway => fixture.Gateway;

    private Task<string> KeyAsync(string name, string scopes) => ApiKeys.CreateAsync(Gateway, name, name + "-agent", scopes);

    private async Task<(string TaskId, string ApprovalId)> PausedTaskAsync(string flow, string admin, string starter)
    {
        await FlowApi.ImportAsync(Gateway, $$"""
            { "name": "{{flow}}", "status": "ENABLED", "publish": true,
              "steps": [ { "key": "ask", "type": "approval", "message": "go?" } ] }
            """, admin);
        var (_, created) = await TaskRequests.CallAsync(Gateway, "flow__" + flow, [], apiKey: starter);
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        var asking = await TaskRequests.WaitForAsync(Gateway, taskId, "input_required", starter);
        return (taskId, Assert.Single(asking["inputRequests"]!.AsObject()).Key);
    }

    private static JsonObject Approve(string approvalId) =>
        new() { ["inputResponses"] = new JsonObject { [approvalId] = new JsonObject { ["action"] = "accept", ["content"] = new JsonObject { ["approve"] = true } } } };

    [Fact]
    public async Task TaskOfAnotherAgent_IsAnUnknownTask_AndIsNotCancelled()
    {
        var admin = await KeyAsync("task-admin-1", "admin");
        var owner = await KeyAsync("task-owner-1", "flows:run");
        var other = await KeyAsync("task-other-1", "flows:run,approvals:write");
        var (taskId, approvalId) = await PausedTaskAsync("task-foreign", admin, owner);

        foreach (var method in new[] { "tasks/get", "tasks/cancel", "tasks/update" })
        {
            var (_, body) = await TaskRequests.TaskAsync(Gateway, method, taskId, method == "tasks/update" ? Approve(approvalId) : null, apiKey: other);
            Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());
        }

        Assert.Equal("PAUSED", (await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/runs/{taskId}", apiKey: admin)).Body["status"]!.GetValue<string>());
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}", apiKey: admin);
        Assert.Equal("pending", approval["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyWithoutApprovalsWrite_UpdateRefusedNamingTheScope_ApprovalStaysPending()
    {
        var admin = await KeyAsync("task-admin-2", "admin");
        var owner = await KeyAsync("task-owner-2", "flows:run");
        var (taskId, approvalId) = await PausedTaskAsync("task-noscope", admin, owner);

        var (status, body) = await TaskRequests.TaskAsync(Gateway, "tasks/update", taskId, Approve(approvalId), apiKey: owner);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(-32602, body["error"]!["code"]!.GetValue<int>());
        Assert.Contains("approvals:write", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}", apiKey: admin);
        Assert.Equal("pending", approval["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeyWithApprovalsWrite_UpdateApproves_RecordedAsThatKey()
    {
        var admin = await KeyAsync("task-admin-3", "admin");
        var owner = await KeyAsync("task-owner-3", "flows:run,approvals:write");
        var (taskId, approvalId) = await PausedTaskAsync("task-scoped", admin, owner);

        await TaskRequests.TaskAsync(Gateway, "tasks/update", taskId, Approve(approvalId), apiKey: owner);

        await TaskRequests.WaitForAsync(Gateway, taskId, "completed", owner);
        var (_, approval) = await Rest.SendAsync(Gateway, HttpMethod.Get, $"/v1/approvals/{approvalId}", apiKey: admin);
        Assert.Equal("task-owner-3-agent (task-owner-3)", approval["decided_by"]!.GetValue<string>());
    }
}
