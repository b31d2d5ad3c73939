using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Policy.Tests.Stages.StateVerify;

public sealed class StateVerifierTests : IAsyncLifetime
{
    private const string Live = """{"status":"open","balance":120,"customer":{"plan":"pro"}}""";

    private readonly StageHarness _h = new();
    private StateVerifier _verifier = null!;

    public Task InitializeAsync()
    {
        _verifier = new StateVerifier(_h.Reader);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task VerifyAsync_AllAssumptionsHold_Execute()
    {
        var result = await Verify(new VerifyRequest
        {
            State = TestCalls.Json(Live),
            RequiredFields = ["status", "customer.plan"],
            AssumedState = TestCalls.Json("""{"status":"open","customer.plan":"pro","balance":120.0}"""),
            Conditions = [new ConditionConfig("balance", ">= 100", "c", 1), new ConditionConfig(null, "state.customer.plan == 'pro'", "c", 2)],
        });

        Assert.Equal("execute", result.Decision);
        Assert.Equal("as assumed", result.Summary());
    }

    [Fact]
    public async Task VerifyAsync_RequiredFieldMissing_AbortListingIt()
    {
        var result = await Verify(new VerifyRequest { State = TestCalls.Json(Live), RequiredFields = ["status", "customer.email"] });

        Assert.Equal("abort", result.Decision);
        Assert.Equal(["customer.email"], result.MissingFields);
    }

    [Fact]
    public async Task VerifyAsync_AssumedValueDiffers_DriftPerField()
    {
        var result = await Verify(new VerifyRequest { State = TestCalls.Json(Live), AssumedState = TestCalls.Json("""{"status":"open","balance":100}""") });

        Assert.Equal("abort", result.Decision);
        var drift = Assert.Single(result.Drift)!;
        Assert.Equal("balance", drift["field"]!.GetValue<string>());
        Assert.Equal(100, drift["expected"]!.GetValue<int>());
        Assert.Equal(120, drift["actual"]!.GetValue<int>());
    }

    [Fact]
    public async Task VerifyAsync_ConditionFails_AbortListingIt()
    {
        var result = await Verify(new VerifyRequest { State = TestCalls.Json(Live), Conditions = [new ConditionConfig(null, "balance > 500", "c", 1)] });

        Assert.Equal("abort", result.Decision);
        Assert.Equal(["balance > 500"], result.FailedConditions);
    }

    [Fact]
    public async Task VerifyAsync_ConditionRegexTimesOut_AbortNamingTheCondition()
    {
        var state = TestCalls.Json($$"""{"code":"{{new string('a', 40)}}!"}""");

        var result = await Verify(new VerifyRequest { State = state, Conditions = [new ConditionConfig(null, "code matches '^(?=(a+)+$)'", "c", 1)] });

        Assert.Equal("abort", result.Decision);
        Assert.Contains("undecidable", Assert.Single(result.FailedConditions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_ConditionOverCallArguments_SeesArgs()
    {
        var request = new VerifyRequest { State = TestCalls.Json(Live), Conditions = [new ConditionConfig(null, "balance >= args.amount", "c", 1)] };

        var result = await _verifier.VerifyAsync(request, "billing", TestCalls.Json("""{"args":{"amount":150}}"""), CancellationToken.None);

        Assert.Equal("abort", result.Decision);
    }

    [Fact]
    public async Task VerifyAsync_MismatchAndOnMismatchReplan_Replan()
    {
        var result = await Verify(new VerifyRequest { State = TestCalls.Json(Live), AssumedState = TestCalls.Json("""{"status":"closed"}"""), OnMismatch = "replan" });

        Assert.Equal("replan", result.Decision);
    }

    [Fact]
    public async Task VerifyAsync_MismatchAndOnMismatchAbort_Abort()
    {
        var result = await Verify(new VerifyRequest { State = TestCalls.Json(Live), AssumedState = TestCalls.Json("""{"status":"closed"}"""), OnMismatch = "abort" });

        Assert.Equal("abort", result.Decision);
    }

    [Fact]
    public async Task VerifyAsync_AllHoldAndOnMismatchReplan_Execute()
    {
        var result = await Verify(new VerifyRequest { State = TestCalls.Json(Live), AssumedState = TestCalls.Json("""{"status":"open"}"""), OnMismatch = "replan" });

        Assert.Equal("execute", result.Decision);
    }

    [Fact]
    public async Task VerifyAsync_NoStateAndNoRefetch_AbortWithProblem()
    {
        var result = await Verify(new VerifyRequest { AssumedState = TestCalls.Json("""{"status":"open"}""") });

        Assert.Equal("abort", result.Decision);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_RefetchToolUnavailable_AbortWithProblem()
    {
        var result = await Verify(new VerifyRequest { StateRefetch = new ToolReference { Tool = "billing__get_invoice" } });

        Assert.Equal("abort", result.Decision);
        Assert.Contains("billing__get_invoice", result.Problem, StringComparison.Ordinal);
    }

    private ValueTask<VerifyResult> Verify(VerifyRequest request) => _verifier.VerifyAsync(request, "billing", TestCalls.Json("""{"args":{}}"""), CancellationToken.None);
}
