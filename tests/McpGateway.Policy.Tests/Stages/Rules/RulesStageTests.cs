using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Rules;

namespace McpGateway.Policy.Tests.Stages.Rules;

public sealed class RulesStageTests
{
    private readonly FakeNext _next = new();

    [Fact]
    public async Task InvokeAsync_NoRules_PassesWithoutTrace()
    {
        var context = TestCalls.Context(TestCalls.Card());

        var outcome = await Stage().InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Empty(context.Trace);
    }

    [Fact]
    public async Task InvokeAsync_NoRuleMatches_PassesWithNoMatchTrace()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"amount":5}""");

        var outcome = await Stage(Rule("deny", "args.amount > 100")).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal("no_match", Assert.Single(context.Trace).Decision);
    }

    [Fact]
    public async Task InvokeAsync_DenyMatches_DeniedForbiddenWithReason()
    {
        var context = TestCalls.Context(TestCalls.Card(), """{"amount":500}""");

        var outcome = await Stage(Rule("deny", "args.amount > 100", "refunds over 100 need finance")).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Equal(ToolCallFault.Forbidden, outcome.Fault);
        Assert.Contains("refunds over 100 need finance", outcome.Message, StringComparison.Ordinal);
        Assert.Equal(0, _next.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ToolRuleMatches_WinsOverMatchingGlobalRule()
    {
        var card = TestCalls.Card() with { Rules = [Rule("allow", "args.amount < 1000")] };
        var context = TestCalls.Context(card, """{"amount":500}""");

        var outcome = await Stage(Rule("deny", "")).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(new StageDecision("rules", "allow", "tool[0]"), Assert.Single(context.Trace));
    }

    [Fact]
    public async Task InvokeAsync_ToolRulesDoNotMatch_GlobalRuleDecides()
    {
        var card = TestCalls.Card() with { Rules = [Rule("allow", "args.amount < 10")] };
        var context = TestCalls.Context(card, """{"amount":500}""");

        var outcome = await Stage(Rule("allow", "tool == 'crm__update'"), Rule("deny", "args.amount >= 100")).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
        Assert.Contains("global[1]", Assert.Single(context.Trace).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_SeveralRulesMatch_FirstInOrderWins()
    {
        var card = TestCalls.Card() with { Rules = [Rule("deny", "args.amount > 100"), Rule("allow", "args.amount > 0")] };
        var context = TestCalls.Context(card, """{"amount":500}""");

        var outcome = await Stage().InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(ToolCallStatus.Denied, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_RequireApproval_SetsApprovalRuleAndContinues()
    {
        var rule = Rule("require_approval", "args.amount > 100", "large refund");
        var context = TestCalls.Context(TestCalls.Card(), """{"amount":500}""");

        var outcome = await Stage(rule).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Equal(new RuleMatch(rule, "global[0]"), context.ApprovalRule);
    }

    [Fact]
    public async Task InvokeAsync_ThawedCallMatchesRequireApproval_ContinuesAsApproved()
    {
        var approval = new ApprovalRecord
        {
            Id = "appr_1", Tool = "billing__refund", Connector = "billing", ArgumentsJson = "{}", ExecutionId = "exe_0", CreatedAt = TestCalls.Start,
        };
        var context = TestCalls.Context(TestCalls.Card(), """{"amount":500}""", thaw: new ApprovalThaw(approval, "alice", null));

        var outcome = await Stage(Rule("require_approval", "args.amount > 100")).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(1, _next.Calls);
        Assert.Equal(ToolCallStatus.Completed, outcome.Status);
        Assert.Null(context.ApprovalRule);
        var decision = Assert.Single(context.Trace);
        Assert.Equal("approved", decision.Decision);
        Assert.Contains("appr_1", decision.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("args.amount > 100", true)]
    [InlineData("args.amount > 1000", false)]
    [InlineData("args.customer.plan == 'pro'", true)]
    [InlineData("tool == 'billing__refund'", true)]
    [InlineData("tool == 'refund'", false)]
    [InlineData("connector == 'billing'", true)]
    [InlineData("agent == 'bot'", true)]
    [InlineData("agent == 'someone-else'", false)]
    [InlineData("env == 'prod' and workflow == 'refunds'", true)]
    [InlineData("env == 'staging'", false)]
    [InlineData("action in ['refund', 'void']", true)]
    public async Task InvokeAsync_Expression_SeesCallVariables(string when, bool denied)
    {
        var caller = TestCalls.Caller() with { Env = "prod", Workflow = "refunds", Action = "refund" };
        var context = TestCalls.Context(TestCalls.Card(), """{"amount":500,"customer":{"plan":"pro"}}""", caller);

        var outcome = await Stage(Rule("deny", when)).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(denied ? ToolCallStatus.Denied : ToolCallStatus.Completed, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_RuleRegexTimesOutOnInput_BlockedAsInvalidArgumentsNamingTheRule()
    {
        // A lookahead forces the backtracking engine; (a+)+ before a failing end backtracks exponentially.
        var context = TestCalls.Context(TestCalls.Card(), $$"""{"text":"{{new string('a', 40)}}!"}""");

        var outcome = await Stage(Rule("deny", "args.text matches '^(?=(a+)+$)'"), Rule("allow", "")).InvokeAsync(context, _next.InvokeAsync);

        Assert.Equal(0, _next.Calls);
        Assert.Equal(ToolCallStatus.Blocked, outcome.Status);
        Assert.Equal(ToolCallFault.InvalidArguments, outcome.Fault);
        Assert.Contains("global[0]", outcome.Message, StringComparison.Ordinal);
        Assert.Contains("matches", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("undecidable", Assert.Single(context.Trace).Decision);
    }

    private static RulesStage Stage(params RuleConfig[] global) => new(new PolicyConfigSource(new PolicyConfig { Rules = global }));

    private static RuleConfig Rule(string action, string when, string? reason = null) => new() { Action = action, When = when, Reason = reason };
}
