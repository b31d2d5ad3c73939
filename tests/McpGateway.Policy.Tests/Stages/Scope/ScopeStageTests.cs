using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Scope;

namespace McpGateway.Policy.Tests.Stages.Scope;

public sealed class ScopeStageTests
{
    private readonly ScopeStage _stage = new(new ScopeOptions { AuthRequired = true });
    private readonly FakeNext _next = new();

    [Fact]
    public async Task InvokeAsync_NoKeyAndAuthRequired_DeniedUnauthorized()
    {
        var context = TestCalls.Context(TestCalls.Card());

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Equal(ToolCallFault.Unauthorized, outcome.Fault);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_NoKeyAndAuthOff_Passes()
    {
        var stage = new ScopeStage(new ScopeOptions { AuthRequired = false });
        var context = TestCalls.Context(TestCalls.Card());

        var outcome = await stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
        Assert.Equal("auth_off", Assert.Single(context.Trace).Decision);
    }

    [Fact]
    public async Task InvokeAsync_KeyWithoutToolsCall_DeniedForbidden()
    {
        var outcome = await Invoke(TestCalls.Key(Scopes.ToolsRead));

        AssertForbidden(outcome, "tools:call");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("tools:*")]
    [InlineData("admin")]
    public async Task InvokeAsync_WildcardScope_Passes(string scope)
    {
        var outcome = await Invoke(TestCalls.Key(scope));

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_ToolMatchesAllowedToolsGlob_Passes()
    {
        var outcome = await Invoke(TestCalls.Key() with { AllowedTools = ["crm__*", "billing__re*"] });

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_ToolOutsideAllowedTools_DeniedForbidden()
    {
        var outcome = await Invoke(TestCalls.Key() with { AllowedTools = ["crm__*"] });

        AssertForbidden(outcome, "allowed tools");
    }

    [Fact]
    public async Task InvokeAsync_ReadOnlyKeyOnNonReadOnlyCard_DeniedForbidden()
    {
        var outcome = await Invoke(TestCalls.Key() with { ReadOnly = true });

        AssertForbidden(outcome, "read-only");
    }

    [Fact]
    public async Task InvokeAsync_ReadOnlyKeyOnReadOnlyCard_Passes()
    {
        var outcome = await Invoke(TestCalls.Key() with { ReadOnly = true }, card: TestCalls.Card("billing__get_invoice") with { ReadOnly = true });

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_EnvDeclaredAndAllowed_Passes()
    {
        var key = TestCalls.Key() with { Envs = ["staging", "prod"] };

        var outcome = await Invoke(key, caller: TestCalls.Caller(key) with { Env = "prod" });

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_EnvDeclaredButNotAllowed_DeniedForbidden()
    {
        var key = TestCalls.Key() with { Envs = ["staging"] };

        var outcome = await Invoke(key, caller: TestCalls.Caller(key) with { Env = "prod" });

        AssertForbidden(outcome, "environment 'prod'");
    }

    [Fact]
    public async Task InvokeAsync_EnvGateAndNoEnvDeclared_DeniedForbidden()
    {
        var outcome = await Invoke(TestCalls.Key() with { Envs = ["staging"] });

        AssertForbidden(outcome, "did not declare one");
    }

    [Fact]
    public async Task InvokeAsync_WorkflowDeclaredAndAllowed_Passes()
    {
        var key = TestCalls.Key() with { Workflows = ["refunds"] };

        var outcome = await Invoke(key, caller: TestCalls.Caller(key) with { Workflow = "refunds" });

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_WorkflowGateAndNoWorkflowDeclared_DeniedForbidden()
    {
        var outcome = await Invoke(TestCalls.Key() with { Workflows = ["refunds"] });

        AssertForbidden(outcome, "workflows refunds");
    }

    [Fact]
    public async Task InvokeAsync_ActionDeclaredAndAllowed_Passes()
    {
        var key = TestCalls.Key() with { AllowedActions = ["refund"] };

        var outcome = await Invoke(key, caller: TestCalls.Caller(key) with { Action = "refund" });

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_ActionNotAllowed_DeniedForbidden()
    {
        var key = TestCalls.Key() with { AllowedActions = ["refund"] };

        var outcome = await Invoke(key, caller: TestCalls.Caller(key) with { Action = "delete_account" });

        AssertForbidden(outcome, "action 'delete_account'");
    }

    [Fact]
    public async Task InvokeAsync_ActionGateAndNoActionDeclared_DeniedForbidden()
    {
        var outcome = await Invoke(TestCalls.Key() with { AllowedActions = ["refund"] });

        AssertForbidden(outcome, "did not declare one");
    }

    [Fact]
    public async Task InvokeAsync_IdArgumentsAmongResources_Passes()
    {
        var key = TestCalls.Key() with { Resources = ["cust_1", "inv_7"] };

        var outcome = await Invoke(key, args: """{"customer_id":"cust_1","invoice_id":"inv_7","amount":5}""");

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_IdArgumentOutsideResources_DeniedForbidden()
    {
        var key = TestCalls.Key() with { Resources = ["cust_1"] };

        var outcome = await Invoke(key, args: """{"customer_id":"cust_2"}""");

        AssertForbidden(outcome, "customer_id = 'cust_2'");
    }

    [Fact]
    public async Task InvokeAsync_NestedIdArgumentOutsideResources_DeniedForbidden()
    {
        var key = TestCalls.Key() with { Resources = ["cust_1"] };

        var outcome = await Invoke(key, args: """{"customer_id":"cust_1","lines":[{"order":{"order_id":"ord_9"}}]}""");

        AssertForbidden(outcome, "lines[0].order.order_id = 'ord_9'");
    }

    [Fact]
    public async Task InvokeAsync_NumericIdArgumentOutsideResources_DeniedForbidden()
    {
        var key = TestCalls.Key() with { Resources = ["cust_1"] };

        var outcome = await Invoke(key, args: """{"customer_id":"cust_1","ticket_id":4711}""");

        AssertForbidden(outcome, "ticket_id = '4711'");
    }

    [Fact]
    public async Task InvokeAsync_NumericIdArgumentAmongResources_Passes()
    {
        var key = TestCalls.Key() with { Resources = ["4711"] };

        var outcome = await Invoke(key, args: """{"ticket_id":4711}""");

        AssertPassed(outcome);
    }

    [Fact]
    public async Task InvokeAsync_ResourcesAndCardEntityParams_ChecksOnlyDeclaredParams()
    {
        var key = TestCalls.Key() with { Resources = ["cust_1"] };
        var card = TestCalls.Card() with { EntityParams = ["target.id"] };

        var outcome = await Invoke(key, card: card, args: """{"target":{"id":"cust_2"},"customer_id":"cust_1"}""");

        AssertForbidden(outcome, "target.id = 'cust_2'");
    }

    [Fact]
    public async Task InvokeAsync_BoundWithoutToolsCall_DeniedNamingTheAuthor()
    {
        var author = TestCalls.Key(Scopes.FlowsWrite) with { Id = "key_author", Name = "designer" };

        var outcome = await Invoke(TestCalls.Key(), TestCalls.Caller(TestCalls.Key()) with { Bounds = [author] });

        AssertForbidden(outcome, "author, key 'designer'");
    }

    [Fact]
    public async Task InvokeAsync_BoundOutsideItsAllowedTools_Denied()
    {
        var author = TestCalls.Key() with { Id = "key_author", AllowedTools = ["crm__*"] };

        var outcome = await Invoke(TestCalls.Key(), TestCalls.Caller(TestCalls.Key()) with { Bounds = [author] }, TestCalls.Card() with { Name = "billing__refund" });

        AssertForbidden(outcome, "allowed tools");
    }

    [Fact]
    public async Task InvokeAsync_KeyAndBoundsAllow_PassesRecordingTheBounds()
    {
        var author = TestCalls.Key() with { Id = "key_author" };
        var context = TestCalls.Context(TestCalls.Card(), "{}", TestCalls.Caller(TestCalls.Key()) with { Bounds = [author] });

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertPassed(outcome);
        Assert.Equal("key_1 (bounded by key_author)", Assert.Single(context.Trace).Detail);
    }

    [Fact]
    public async Task InvokeAsync_NoKeyAuthOffButABound_BoundStillApplies()
    {
        var stage = new ScopeStage(new ScopeOptions { AuthRequired = false });
        var author = TestCalls.Key(Scopes.FlowsWrite) with { Id = "key_author" };
        var context = TestCalls.Context(TestCalls.Card(), "{}", new CallerIdentity("flow", "run_1") { Bounds = [author] });

        var outcome = await stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Equal(0, _next.Calls);
    }

    private async Task<ToolCallOutcome> Invoke(ApiKey key, CallerIdentity? caller = null, CapabilityCard? card = null, string args = "{}")
    {
        var context = TestCalls.Context(card ?? TestCalls.Card(), args, caller ?? TestCalls.Caller(key));
        return await _stage.InvokeAsync(context, _next.InvokeAsync);
    }

    private void AssertPassed(ToolCallOutcome outcome)
    {
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
    }

    private void AssertForbidden(ToolCallOutcome outcome, string reason)
    {
        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Equal(ToolCallFault.Forbidden, outcome.Fault);
        Assert.Contains(reason, outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, _next.Calls);
    }
}
