using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Entity;

namespace McpGateway.Policy.Tests.Stages.Entity;

public sealed class EntityStageTests
{
    private static readonly EntityClaim Customer1 = new("cust_1", "crm lookup", TestCalls.Start, null);

    private readonly EntityStage _stage = new();
    private readonly FakeNext _next = new();

    [Fact]
    public async Task InvokeAsync_NoClaim_PassesWithoutTrace()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_2"}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Empty(context.Trace);
    }

    [Fact]
    public async Task InvokeAsync_IdArgumentNamesAnotherEntity_BlockedWithPath()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_2","amount":5}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
        Assert.Equal(ToolCallFault.EntityMismatch, outcome.Fault);
        Assert.Equal(0, _next.Calls);
        var mismatch = Assert.Single(context.Details["entity_mismatches"]!.AsArray())!;
        Assert.Equal("customer_id", mismatch["path"]!.GetValue<string>());
        Assert.Equal("cust_2", mismatch["value"]!.GetValue<string>());
        Assert.Equal("cust_1", mismatch["expected"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_NestedIdsOneMismatching_BlockedNamingOnlyTheMismatch()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_1","lines":[{"customer_id":"cust_1"},{"customer_id":"cust_3"}]}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallFault.EntityMismatch, outcome.Fault);
        var mismatch = Assert.Single(context.Details["entity_mismatches"]!.AsArray())!;
        Assert.Equal("lines[1].customer_id", mismatch["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_NumericIdArgumentOtherThanClaim_Blocked()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":42}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallFault.EntityMismatch, outcome.Fault);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_EveryIdMatches_Passes()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_1","owner":{"customer_id":"cust_1"}}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal("match", Assert.Single(context.Trace).Decision);
    }

    [Fact]
    public async Task InvokeAsync_NothingComparable_PassesWithTrace()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"amount":5,"note":"cust_2"}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal("nothing_comparable", Assert.Single(context.Trace).Decision);
    }

    [Fact]
    public async Task InvokeAsync_EntityType_ComparesOnlyArgumentsNamedAfterIt()
    {
        var claim = Customer1 with { EntityType = "customer" };
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_1","invoice_id":"inv_9"}""", entity: claim);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_EntityTypeAndItsIdMismatching_Blocked()
    {
        var claim = Customer1 with { EntityType = "customer" };
        var context = TestCalls.Context(TestCalls.Card(), """{"customer_id":"cust_4","invoice_id":"cust_1"}""", entity: claim);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallFault.EntityMismatch, outcome.Fault);
        Assert.Equal("customer_id", Assert.Single(context.Details["entity_mismatches"]!.AsArray())!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_CardDeclaresEntityParams_ComparesOnlyThose()
    {
        var card = TestCalls.Card() with { EntityParams = ["target.id"] };
        var context = TestCalls.Context(card, """{"target":{"id":"cust_2"},"customer_id":"cust_1"}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallFault.EntityMismatch, outcome.Fault);
        Assert.Equal("target.id", Assert.Single(context.Details["entity_mismatches"]!.AsArray())!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_CardDeclaredParamMatches_PassesDespiteOtherIds()
    {
        var card = TestCalls.Card() with { EntityParams = ["target.id"] };
        var context = TestCalls.Context(card, """{"target":{"id":"cust_1"},"invoice_id":"inv_3"}""", entity: Customer1);

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
    }
}
