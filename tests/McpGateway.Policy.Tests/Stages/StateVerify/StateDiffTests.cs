using System.Text.Json.Nodes;
using McpGateway.Policy.Stages.StateVerify;

namespace McpGateway.Policy.Tests.Stages.StateVerify;

public sealed class StateDiffTests
{
    private static readonly JsonObject Live = TestCalls.Json("""{"status":"open","balance":100,"customer":{"plan":"pro"},"tags":["a"],"big":1e300}""");

    [Fact]
    public void Drift_SameValues_Empty() =>
        Assert.Empty(StateDiff.Drift(TestCalls.Json("""{"status":"open","customer":{"plan":"pro"},"tags":["a"]}"""), Live));

    [Fact]
    public void Drift_ChangedField_FieldExpectedAndActual()
    {
        var drift = StateDiff.Drift(TestCalls.Json("""{"status":"closed","balance":100}"""), Live);

        var change = Assert.Single(drift)!;
        Assert.Equal("status", change["field"]!.GetValue<string>());
        Assert.Equal("closed", change["expected"]!.GetValue<string>());
        Assert.Equal("open", change["actual"]!.GetValue<string>());
    }

    [Fact]
    public void Drift_DottedField_ComparesNestedValue()
    {
        var drift = StateDiff.Drift(TestCalls.Json("""{"customer.plan":"free"}"""), Live);

        Assert.Equal("pro", Assert.Single(drift)!["actual"]!.GetValue<string>());
    }

    [Fact]
    public void Drift_FieldMissingFromLive_ActualNull()
    {
        var drift = StateDiff.Drift(TestCalls.Json("""{"owner":"alice"}"""), Live);

        var change = Assert.Single(drift)!;
        Assert.Equal("owner", change["field"]!.GetValue<string>());
        Assert.Null(change["actual"]);
    }

    [Theory]
    [InlineData("100.0")]
    [InlineData("1e2")]
    [InlineData("100.00")]
    public void Drift_SameNumberWrittenDifferently_NoDrift(string balance) =>
        Assert.Empty(StateDiff.Drift(TestCalls.Json($$"""{"balance":{{balance}}}"""), Live));

    [Fact]
    public void Drift_NumberBeyondDecimalRange_ComparedWithoutThrowing()
    {
        Assert.Empty(StateDiff.Drift(TestCalls.Json("""{"big":1e300}"""), Live));
        Assert.Single(StateDiff.Drift(TestCalls.Json("""{"big":2e300}"""), Live));
    }

    [Fact]
    public void Drift_NumberVersusString_Drift() => Assert.Single(StateDiff.Drift(TestCalls.Json("""{"balance":"100"}"""), Live));
}
