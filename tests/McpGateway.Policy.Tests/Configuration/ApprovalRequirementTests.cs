using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;

namespace McpGateway.Policy.Tests.Configuration;

/// <summary>What a card says about approval, read from the rules in the order the rules stage meets them.</summary>
public sealed class ApprovalRequirementTests
{
    [Theory]
    [InlineData("", "require_approval", "always")]
    [InlineData("tool == 'billing__refund'", "require_approval", "always")]
    [InlineData("tool == 'billing__other'", "require_approval", "never")]
    [InlineData("card.risk == 'high'", "require_approval", "always")]
    [InlineData("card.tags contains 'payments'", "require_approval", "always")]
    [InlineData("card.read_only", "require_approval", "never")]
    [InlineData("args.amount > 100", "require_approval", "conditional")]
    [InlineData("agent == 'bot'", "require_approval", "conditional")]
    [InlineData("", "deny", "never")]
    public void For_OneGlobalRule_DecidedFromTheToolsFactsOrConditional(string when, string action, string expected)
    {
        var card = TestCalls.Card() with { Risk = "high", Tags = ["payments"] };

        Assert.Equal(expected, ApprovalRequirement.For(card, [new RuleConfig { When = when, Action = action }]));
    }

    [Fact]
    public void For_CallDependentAllowBeforeAnApprovalForAll_Conditional()
    {
        var card = TestCalls.Card();
        RuleConfig[] global = [new() { When = "args.amount < 10", Action = "allow" }, new() { Action = "require_approval" }];

        Assert.Equal("conditional", ApprovalRequirement.For(card, global));
    }

    [Fact]
    public void For_ToolRuleAllowsBeforeAGlobalApproval_Never()
    {
        var card = TestCalls.Card() with { Rules = [new RuleConfig { Action = "allow" }] };

        Assert.Equal("never", ApprovalRequirement.For(card, [new RuleConfig { Action = "require_approval" }]));
    }

    [Fact]
    public void For_NoRules_Never() => Assert.Equal("never", ApprovalRequirement.For(TestCalls.Card(), []));
}
