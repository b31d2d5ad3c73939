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

    private const string Order2020 = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "$defs": { "qty": { "type": "integer", "minimum": 1 } },
          "properties": {
            "line": { "type": "array", "prefixItems": [{ "type": "string" }, { "$ref": "#/$defs/qty" }], "items": false }
          },
          "required": ["line"],
          "unevaluatedProperties": false
        }
        """;

    [Fact]
    public async Task InvokeAsync_Draft202012SchemaValidArguments_CallsNext()
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: Order2020), """{"line":["sku_1",2]}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(1, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_Draft202012SchemaViolations_BlockedNamingPrefixItemAndUnevaluatedProperty()
    {
        var context = TestCalls.Context(TestCalls.Card(schemaJson: Order2020), """{"line":["sku_1",0],"note":"x"}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertBlocked(outcome);
        var violations = TestCalls.Strings(context.Details["violations"]);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.StartsWith("line[1]:", StringComparison.Ordinal) && v.Contains("at least 1", StringComparison.Ordinal));
        Assert.Contains("note: is not an allowed property", violations);
    }

    [Fact]
    public async Task InvokeAsync_Draft07SchemaTupleItemsAndDefinitions_Validated()
    {
        const string schema = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "type": "object",
              "definitions": { "id": { "type": "string", "pattern": "^c_" } },
              "properties": {
                "customer": { "$ref": "#/definitions/id" },
                "pair": { "type": "array", "items": [{ "type": "string" }, { "type": "integer" }], "additionalItems": false }
              },
              "required": ["customer"]
            }
            """;
        var valid = TestCalls.Context(TestCalls.Card(schemaJson: schema), """{"customer":"c_1","pair":["a",1]}""");
        var invalid = TestCalls.Context(TestCalls.Card(schemaJson: schema), """{"customer":"x_1","pair":["a","b"]}""");

        var passed = await _stage.InvokeAsync(valid, _next.InvokeAsync);
        var blocked = await _stage.InvokeAsync(invalid, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, passed.Status);
        Assert.Equal(ToolCallStatus.Blocked, blocked.Status);
        var violations = TestCalls.Strings(invalid.Details["violations"]);
        Assert.Contains(violations, v => v.StartsWith("customer:", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("pair[1]:", StringComparison.Ordinal) && v.Contains("integer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InvokeAsync_FormatViolated_BlockedWithItsPath()
    {
        const string schema = """{"type":"object","properties":{"when":{"type":"string","format":"date-time"}}}""";
        var context = TestCalls.Context(TestCalls.Card(schemaJson: schema), """{"when":"next tuesday"}""");

        var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

        AssertBlocked(outcome);
        Assert.StartsWith("when:", Assert.Single(TestCalls.Strings(context.Details["violations"])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"type":17}}}""", "type")]
    [InlineData("""{"type":"object","properties":{"a":{"minimum":"one"}}}""", "minimum")]
    [InlineData("""{"$schema":"https://example.com/no-such-dialect","type":"object","required":["a"]}""", "no-such-dialect")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""", "missing")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://example.com/remote.json"}}}""", "remote.json")]
    public async Task InvokeAsync_SchemaThatCannotBeBuilt_RefusedNamingTheSchemaProblem(string schema, string named)
    {
        var card = TestCalls.Card(schemaJson: schema);

        // Twice: the first call builds the schema, the second reuses what was built; neither throws.
        foreach (var _ in new[] { 1, 2 })
        {
            var context = TestCalls.Context(card, """{"a":1}""");

            var outcome = await _stage.InvokeAsync(context, _next.InvokeAsync);

            Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
            Assert.Equal(ToolCallFault.UpstreamError, outcome.Fault);
            Assert.Contains("input schema of 'billing__refund' cannot be used", outcome.Message, StringComparison.Ordinal);
            Assert.Contains(named, outcome.Message, StringComparison.Ordinal);
            Assert.Equal("unreadable", Assert.Single(context.Trace).Decision);
        }

        Assert.Equal(0, _next.Calls);
    }

    private void AssertBlocked(ToolCallOutcome outcome)
    {
        Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
        Assert.Equal(ToolCallFault.InvalidArguments, outcome.Fault);
        Assert.Equal(0, _next.Calls);
    }
}
