using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests.Stages.Approval;

public sealed class ApprovalStageTests : IAsyncLifetime
{
    private const string Frozen = """{"customer_id":"cust_1","status":"open","balance":100}""";

    private readonly StageHarness _h = new();
    private readonly FakeNext _next = new();
    private ApprovalStage _stage = null!;

    public Task InitializeAsync()
    {
        _stage = new ApprovalStage(_h.Freezer, _h.Reader, _h.Time);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task InvokeAsync_NoApprovalRule_Passes()
    {
        var context = TestCalls.Context(TestCalls.Card());

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
        Assert.Empty(_h.Approvals.Records);
    }

    [Fact]
    public async Task InvokeAsync_ApprovalRule_FreezesCheckpointAndReturnsPending()
    {
        var contract = new ApprovalContractConfig
        {
            Intent = "refund a double charge",
            Threshold = "conditions",
            ExpiresIn = TimeSpan.FromMinutes(30),
            Conditions = [new ConditionConfig("balance", ">= 25", "c", 1)],
        };
        var state = TestCalls.Json(Frozen);
        var caller = TestCalls.Caller(TestCalls.Key()) with { Env = "prod", Action = "refund" };
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_1","amount":25}""", caller,
            entity: new EntityClaim("cust_1", "crm", TestCalls.Start, "customer"), options: new CallOptions { Verify = new VerifyRequest { State = state } });
        context.HeldIdempotencyKey = "k1";
        context.ApprovalRule = new RuleMatch(new RuleConfig { Action = "require_approval", Reason = "large refund", Contract = contract }, "tool[0]");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.PendingApproval, outcome.Status);
        Assert.Equal(0, _next.Calls);
        var record = Assert.Single(_h.Approvals.Records);
        Assert.Equal(ApprovalStatuses.Pending, record.Status);
        Assert.Equal(record.Id, context.Details["approval_id"]!.GetValue<string>());
        Assert.Contains(record.Id, outcome.Message, StringComparison.Ordinal);
        Assert.Equal("billing__refund", record.Tool);
        Assert.Equal("exe_1", record.ExecutionId);
        Assert.Equal("k1", record.IdempotencyKey);
        Assert.Equal("key_1", record.KeyId);
        Assert.Equal("large refund", record.Reason);
        Assert.True(JsonNode.DeepEquals(TestCalls.Json("""{"customer_id":"cust_1","amount":25}"""), JsonNode.Parse(record.ArgumentsJson)));
        Assert.True(JsonNode.DeepEquals(state, JsonNode.Parse(record.StateJson!)));
        Assert.Equal(contract.Intent, ApprovalJson.Contract(record.ContractJson)!.Intent);
        Assert.Equal("cust_1", ApprovalJson.Entity(record.EntityJson)!.EntityId);
        Assert.Equal(TestCalls.Start + TimeSpan.FromMinutes(30), record.ExpiresAt);
    }

    [Fact]
    public async Task InvokeAsync_RuleForClientApproverAndUserApproves_RunsInline()
    {
        var peer = new FakeDownstreamPeer(new ElicitResult { Action = "accept", Content = new Dictionary<string, JsonElement> { ["approve"] = JsonSerializer.SerializeToElement(true) } });
        var context = ClientApprovalContext(peer);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
        Assert.Single(peer.Asked);
        Assert.Empty(_h.Approvals.Records);
    }

    [Fact]
    public async Task InvokeAsync_RuleForClientApproverAndUserDeclines_DeniedWithoutRunning()
    {
        var context = ClientApprovalContext(new FakeDownstreamPeer(new ElicitResult { Action = "decline" }));

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_RuleForClientApproverButClientCannotElicit_Frozen()
    {
        var context = TestCalls.Context(TestCalls.Card());
        context.ApprovalRule = new RuleMatch(new RuleConfig { Action = "require_approval", Approver = "client" }, "tool[0]");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.PendingApproval, outcome.Status);
        Assert.Equal(0, _next.Calls);
        Assert.Single(_h.Approvals.Records);
    }

    [Fact]
    public async Task InvokeAsync_ThawAfterExpiry_Cancelled()
    {
        var approval = Approval(null, Frozen) with { ExpiresAt = TestCalls.Start - TimeSpan.FromMinutes(1) };
        var context = Thawed(approval, null);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.Cancelled, "cancelled");
    }

    [Fact]
    public async Task InvokeAsync_ThawWithActionOutsideAllowedActions_Cancelled()
    {
        var context = Thawed(Approval(new ApprovalContractConfig { AllowedActions = ["refund"] }, Frozen), null, TestCalls.Caller() with { Action = "void_invoice" });

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.Cancelled, "cancelled");
    }

    [Fact]
    public async Task InvokeAsync_ThawWithoutDeclaredActionWhenActionsRestricted_Cancelled()
    {
        var context = Thawed(Approval(new ApprovalContractConfig { AllowedActions = ["refund"] }, Frozen), null);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.Cancelled, "cancelled");
    }

    [Fact]
    public async Task InvokeAsync_ThawWithAllowedAction_Executes()
    {
        var context = Thawed(Approval(new ApprovalContractConfig { AllowedActions = ["refund"] }, Frozen), null, TestCalls.Caller() with { Action = "refund" });

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertExecuted(context, outcome);
    }

    [Fact]
    public async Task InvokeAsync_ThawWithDriftUnderStrictThreshold_RequeuedAsNewApprovalWithParent()
    {
        var live = TestCalls.Json("""{"customer_id":"cust_1","status":"open","balance":40}""");
        var context = Thawed(Approval(new ApprovalContractConfig { Threshold = "strict" }, Frozen), live);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.PendingApproval, "requeued");
        var requeued = Assert.Single(_h.Approvals.Records);
        Assert.Equal("appr_1", requeued.ParentApprovalId);
        Assert.Equal(requeued.Id, context.Details["new_approval_id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(live, JsonNode.Parse(requeued.StateJson!)));
        var drift = Assert.Single(context.Details["drift"]!.AsArray())!;
        Assert.Equal("balance", drift["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_ThawWithDriftAndNoContract_RequeuedBecauseStrictIsTheDefault()
    {
        var live = TestCalls.Json("""{"customer_id":"cust_1","status":"closed","balance":100}""");
        var context = Thawed(Approval(null, Frozen), live);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.PendingApproval, "requeued");
    }

    [Fact]
    public async Task InvokeAsync_ThawWithoutDrift_Executes()
    {
        var context = Thawed(Approval(new ApprovalContractConfig(), Frozen), TestCalls.Json(Frozen));

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertExecuted(context, outcome);
    }

    [Fact]
    public async Task InvokeAsync_ThawWithoutSuppliedState_UsesFrozenStateAndExecutes()
    {
        var context = Thawed(Approval(new ApprovalContractConfig { Conditions = [new ConditionConfig("status", "== 'open'", "c", 1)] }, Frozen), null);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertExecuted(context, outcome);
    }

    [Fact]
    public async Task InvokeAsync_ThawWithDriftUnderConditionsThresholdAndConditionsHolding_Executes()
    {
        var contract = new ApprovalContractConfig
        {
            Threshold = "conditions",
            Conditions = [new ConditionConfig("balance", ">= args.amount", "c", 1), new ConditionConfig(null, "state.status == 'open'", "c", 2)],
        };
        var context = Thawed(Approval(contract, Frozen), TestCalls.Json("""{"customer_id":"cust_1","status":"open","balance":40}"""));

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertExecuted(context, outcome);
    }

    [Fact]
    public async Task InvokeAsync_ThawWithFailingCondition_ReplanRequired()
    {
        var contract = new ApprovalContractConfig { Threshold = "conditions", Conditions = [new ConditionConfig("balance", ">= args.amount", "c", 1)] };
        var context = Thawed(Approval(contract, Frozen), TestCalls.Json("""{"customer_id":"cust_1","status":"open","balance":10}"""));

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.ReplanRequired, "replan_required");
        Assert.Single(context.Details["failed_conditions"]!.AsArray());
    }

    [Fact]
    public async Task InvokeAsync_ThawWithLiveStateOfAnotherEntity_Blocked()
    {
        var context = Thawed(Approval(new ApprovalContractConfig { Threshold = "conditions" }, Frozen),
            TestCalls.Json("""{"customer_id":"cust_2","invoice_id":"inv_1","status":"open","balance":100}"""),
            entity: new EntityClaim("cust_1", "crm", TestCalls.Start, null));

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertDecision(context, outcome, ToolCallStatus.Blocked, "blocked");
        Assert.Contains("cust_2", outcome.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ThawWithLiveStateOfSameEntity_Executes()
    {
        var context = Thawed(Approval(new ApprovalContractConfig { Threshold = "conditions" }, Frozen),
            TestCalls.Json("""{"customer_id":"cust_1","invoice_id":"inv_1","status":"open","balance":100}"""),
            entity: new EntityClaim("cust_1", "crm", TestCalls.Start, null));

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertExecuted(context, outcome);
    }

    private static ApprovalRecord Approval(ApprovalContractConfig? contract, string? stateJson) => new()
    {
        Id = "appr_1",
        Status = ApprovalStatuses.Deciding,
        Tool = "billing__refund",
        Connector = "billing",
        ArgumentsJson = """{"customer_id":"cust_1","amount":25}""",
        ExecutionId = "exe_0",
        StateJson = stateJson,
        ContractJson = ApprovalJson.Contract(contract),
        CreatedAt = TestCalls.Start - TimeSpan.FromMinutes(5),
        ExpiresAt = TestCalls.Start + TimeSpan.FromHours(1),
    };

    private static ToolCallContext Thawed(ApprovalRecord approval, JsonObject? supplied, CallerIdentity? caller = null, EntityClaim? entity = null) =>
        TestCalls.Context(TestCalls.Card(), approval.ArgumentsJson, caller, entity, thaw: new ApprovalThaw(approval, "alice", supplied));

    private static ToolCallContext ClientApprovalContext(FakeDownstreamPeer peer)
    {
        var card = TestCalls.Card();
        var context = new ToolCallContext(card.Name, TestCalls.Args("""{"amount":25}"""), TestCalls.Caller(), CancellationToken.None)
        {
            Card = card,
            ExecutionId = "exe_1",
            Downstream = peer,
        };
        context.ApprovalRule = new RuleMatch(new RuleConfig { Action = "require_approval", Approver = "client" }, "tool[0]");
        return context;
    }

    private void AssertDecision(ToolCallContext context, ToolCallOutcome outcome, ToolCallStatus status, string decision)
    {
        Assert.Equal(status, outcome.Status);
        Assert.Equal(decision, context.Details["approval_decision"]!.GetValue<string>());
        Assert.Equal(0, _next.Calls);
    }

    private void AssertExecuted(ToolCallContext context, ToolCallOutcome outcome)
    {
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
        Assert.Equal("executed", context.Details["approval_decision"]!.GetValue<string>());
        Assert.Equal("appr_1", context.ApprovalId);
    }
}
