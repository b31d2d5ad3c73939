using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.IntegrationTests.Controlled;
using McpGateway.Policy.Pipeline;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>The typed in-process API: the same composition as <c>mcpgw serve</c>, without HTTP, with a real upstream process.</summary>
public sealed class GatewayClassTests
{
    private static readonly JsonObject Definition = (JsonObject)JsonNode.Parse("""
        { "inputs": { "type": "object", "properties": { "text": { "type": "string" } }, "required": ["text"] },
          "steps": [
            { "key": "say", "type": "tool", "tool": "demo__echo", "args": { "text": "{{ inputs.text }}" } },
            { "key": "wrap", "type": "transform", "value": { "said": "{{ steps.say.output }}" } } ],
          "output": "{{ steps.wrap.output }}" }
        """)!;

    [Fact]
    public async Task TypedApi_CallCreatePublishRunInspectShutdown_WorksInProcess()
    {
        var dir = Directory.CreateTempSubdirectory("mcpgw-typed-").FullName;
        try
        {
            var config = Path.Combine(dir, "connectors.yaml");
            await File.WriteAllTextAsync(config, ControlledConfigs.Demo(Path.Combine(dir, "upstream")));
            await using var gateway = McpGateway.Gateway.FromFile(config);
            await gateway.InitializeAsync();
            await WaitForAsync(async () => (await gateway.GetAgentToolsAsync()).Any(t => t.Name == "demo__echo"), "the demo upstream");

            // A tool call through the whole pipeline: journalled, keyed, held for approval where the policy says so.
            var echoed = await gateway.CallToolAsync("demo__echo", new JsonObject { ["text"] = "direct" }, idempotencyKey: "typed-echo", agent: "typed-agent");
            Assert.Equal(ToolCallStatus.Completed, echoed.Status);
            Assert.StartsWith("exe_", echoed.ExecutionId, StringComparison.Ordinal);
            Assert.Equal("typed-echo", echoed.IdempotencyKey);
            var repeated = await gateway.CallToolAsync("demo__echo", new JsonObject { ["text"] = "direct" }, idempotencyKey: "typed-echo", agent: "typed-agent");
            Assert.Equal(ToolCallStatus.Replayed, repeated.Status);
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(echoed.Result!.Content),
                System.Text.Json.JsonSerializer.Serialize(repeated.Result!.Content));
            var held = await gateway.CallToolAsync("demo__set_invoice", new JsonObject { ["invoice_id"] = "inv_1", ["status"] = "typed" });
            Assert.Equal(ToolCallStatus.PendingApproval, held.Status);
            Assert.StartsWith("appr_", held.ApprovalId, StringComparison.Ordinal);
            Assert.Null(held.Result);
            Assert.Equal(ToolCallFault.UnknownTool, (await gateway.CallToolAsync("demo__no_such_tool")).Fault);

            var flow = await gateway.CreateFlowAsync(new FlowDraft { Name = "typed", Description = "typed API", Definition = Definition });
            var duplicate = await Assert.ThrowsAsync<GatewayException>(() => gateway.CreateFlowAsync(new FlowDraft { Name = "typed" }));
            Assert.Equal(FlowErrorCodes.Conflict, duplicate.Error.Code);
            Assert.Equal(1, Assert.Single(await gateway.ListFlowVersionsAsync("typed")).Number);
            Assert.True((await gateway.GetFlowVersionAsync("typed", "latest")).Valid);
            await gateway.ApplyFlowOperationAsync("typed", new FlowOperation { Type = "publish" });
            await gateway.ApplyFlowOperationAsync("typed", new FlowOperation { Type = "enable" });
            await WaitForAsync(async () => (await gateway.GetAgentToolsAsync()).Any(t => t.Name == "flow__typed"), "the flow tool");
            Assert.Contains(await gateway.ListFlowsAsync(), f => f.Id == flow.Id);

            var run = await gateway.StartFlowRunAsync(new RunStart { Flow = "typed", Origin = RunOrigins.Api, Inputs = new JsonObject { ["text"] = "hi" } });
            Assert.Equal(RunStatuses.Succeeded, run.Status);
            Assert.Equal("hi", run.Outputs!["said"]!.GetValue<string>());
            var background = await gateway.StartFlowRunInBackgroundAsync(new RunStart { Flow = "typed", Origin = RunOrigins.Api, Inputs = new JsonObject { ["text"] = "later" } });
            await WaitForAsync(async () => (await gateway.GetFlowRunAsync(background.Id))!.Run.Status == RunStatuses.Succeeded, "the background run");
            Assert.Equal(2, (await gateway.GetFlowRunAsync(background.Id))!.Nodes.Count);
            var invalid = await Assert.ThrowsAsync<GatewayException>(() => gateway.StartFlowRunAsync(new RunStart { Flow = "typed", Origin = RunOrigins.Api }));
            Assert.Equal(FlowErrorCodes.Invalid, invalid.Error.Code);

            Assert.Equal(2, (await gateway.ListFlowRunsAsync(new RunQuery { FlowId = flow.Id })).Runs.Count);
            var stats = await gateway.GetStatsAsync();
            Assert.Equal(2, stats.Runs.TotalRuns);
            Assert.Equal(1, stats.TotalFlows);

            var credential = await gateway.SetConnectionAsync("crm", "BASIC_AUTH", new JsonObject { ["username"] = "ada", ["password"] = "s3cret-value" });
            Assert.Equal(["password", "username"], credential.FieldNames);
            Assert.DoesNotContain("s3cret-value", System.Text.Json.JsonSerializer.Serialize(await gateway.ListConnectionsAsync()), StringComparison.Ordinal);
            await Assert.ThrowsAsync<GatewayException>(() => gateway.SetConnectionAsync("crm2", "BASIC_AUTH", new JsonObject { ["username"] = "x" }));

            await gateway.DeleteFlowAsync("typed");
            Assert.Null(await gateway.GetFlowAsync("typed"));
            await gateway.ShutdownAsync(TimeSpan.FromSeconds(5));
            await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.ListFlowsAsync());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task TypedApi_PauseResumeStepRangeTagsUsage_WorkInProcess()
    {
        var dir = Directory.CreateTempSubdirectory("mcpgw-typed-").FullName;
        try
        {
            var config = Path.Combine(dir, "connectors.yaml");
            await File.WriteAllTextAsync(config, ControlledConfigs.Demo(Path.Combine(dir, "upstream")));
            await using var gateway = McpGateway.Gateway.FromFile(config);
            await gateway.InitializeAsync();
            await WaitForAsync(async () => (await gateway.GetAgentToolsAsync()).Any(t => t.Name == "demo__echo"), "the demo upstream");
            await gateway.CreateFlowAsync(new FlowDraft { Name = "typed-ops", Definition = (JsonObject)JsonNode.Parse("""
                { "steps": [
                    { "key": "say", "type": "tool", "tool": "demo__echo", "args": { "text": "one" } },
                    { "key": "nap", "type": "delay", "duration": "1h" },
                    { "key": "end", "type": "transform", "value": 3 } ] }
                """)! });
            var start = new RunStart { Flow = "typed-ops", Version = "latest", Origin = RunOrigins.Api, Tags = ["typed"] };

            var napping = await gateway.StartFlowRunAsync(start);
            Assert.Equal(RunStatuses.Paused, napping.Status);
            var paused = await gateway.PauseFlowRunAsync(napping.Id, "typed-user");
            Assert.Equal("paused by typed-user", paused.PauseReason);
            Assert.Equal(FlowErrorCodes.Conflict, (await Assert.ThrowsAsync<GatewayException>(() => gateway.PauseFlowRunAsync(napping.Id, "again"))).Error.Code);
            Assert.Null((await gateway.ResumeFlowRunAsync(napping.Id)).PauseReason);
            var toSay = await gateway.StartFlowRunAsync(start with { ToStep = "say" });

            Assert.Equal(RunStatuses.Succeeded, toSay.Status);
            Assert.Equal("one", toSay.Outputs!.ToString());
            var details = (await gateway.GetFlowRunAsync(toSay.Id))!;
            Assert.Equal(1, details.Usage!.ToolCalls);
            Assert.Equal("demo", Assert.Single(details.Usage.Connectors).Connector);
            // 'nap' has not finished in the first run, so 'end' cannot start from it.
            Assert.Equal(FlowErrorCodes.Invalid, (await Assert.ThrowsAsync<GatewayException>(() => gateway.StartFlowRunAsync(start with { FromStep = "end", FromRun = napping.Id }))).Error.Code);
            Assert.Equal(2, (await gateway.ListFlowRunsAsync(new RunQuery { Tag = "typed" })).Runs.Count);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 300; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Timed out waiting for {what}.");
    }
}
