using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Schema;

namespace McpGateway.Policy.Tests.Stages.Schema;

public sealed class SchemaStageTests
{
    private const string RefundSchema = """
        {
          "type": "object",
          "properties": {
            "customer_id": { "type": "string" },
            "amount": { "type": "integer", "minimum": 1 },
            "address": {
              "type": "object",
              "properties": { "zip": { "type": "string" }, "city": { "type": "string" } },
              "required": ["zip"]
            }
          },
          "required": ["customer_id", "amount"]
        }
        """;

    private readonly SchemaStage _stage = new();
    private readonly FakeNext _next = new();

    [Fact]
    public async Task InvokeAsync_ValidArguments_CallsNext()
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: RefundSchema), """{"customer_id":"cust_1","amount":5,"address":{"zip":"1011"}}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_MissingRequired_BlockedWithItsPath()
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: RefundSchema), """{"amount":5}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertBlocked(outcome);
        var violation = Assert.Single(TestCalls.Strings(context.Details["violations"]));
        Assert.StartsWith("customer_id:", violation, StringComparison.Ordinal);
        Assert.Contains("required", violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NullArgumentsAndRequiredFields_BlockedListingEachField()
    {
        var card = TestCalls.Card(schemaJson: RefundSchema);
        var context = new ToolCallContext(card.Name, null, TestCalls.Caller(), CancellationToken.None) { Card = card };

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertBlocked(outcome);
        var violations = TestCalls.Strings(context.Details["violations"]);
        Assert.Contains(violations, v => v.StartsWith("customer_id:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("amount:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_WrongType_BlockedWithItsPath()
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: RefundSchema), """{"customer_id":"cust_1","amount":"ten"}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertBlocked(outcome);
        var violation = Assert.Single(TestCalls.Strings(context.Details["violations"]));
        Assert.StartsWith("amount:", violation, StringComparison.Ordinal);
        Assert.Contains("integer", violation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_SeveralViolationsIncludingNested_ListsEveryPath()
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: RefundSchema), """{"amount":0,"address":{"city":7}}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertBlocked(outcome);
        var violations = TestCalls.Strings(context.Details["violations"]);
        Assert.Equal(4, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("customer_id:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("amount:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("address.zip:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("address.city:", StringComparison.Ordinal));
        Assert.All(violations, v => Assert.Contains(v, outcome.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"object"}""")]
    [InlineData("""{"type":"object","properties":{}}""")]
    [InlineData("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","title":"t","description":"d"}""")]
    public async Task InvokeAsync_TrivialSchema_PassesWithoutValidating(string schema)
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: schema), """{"anything":[1,"two",{"three":null}]}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
        Assert.Empty(context.Trace);
    }

    private void AssertBlocked(ToolCallOutcome outcome)
    {
        Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
        Assert.Equal(ToolCallFault.InvalidArguments, outcome.Fault);
        Assert.Equal(0, _next.Calls);
    }
}
