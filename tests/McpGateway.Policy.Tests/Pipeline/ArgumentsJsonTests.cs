using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Tests.Pipeline;

public sealed class ArgumentsJsonTests
{
    [Fact]
    public void Fingerprint_KeysInOtherOrder_Equal() =>
        Assert.Equal(Fingerprint("""{"a":1,"b":{"x":"y","z":[1,2]}}"""), Fingerprint("""{"b":{"z":[1,2],"x":"y"},"a":1}"""));

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("1.5", "1.50")]
    [InlineData("100", "1e2")]
    [InlineData("0", "-0")]
    public void Fingerprint_SameNumberWrittenDifferently_Equal(string left, string right) =>
        Assert.Equal(Fingerprint($$"""{"amount":{{left}}}"""), Fingerprint($$"""{"amount":{{right}}}"""));

    [Theory]
    [InlineData("""{"amount":1}""", """{"amount":2}""")]
    [InlineData("""{"amount":1}""", """{"amount":"1"}""")]
    [InlineData("""{"tags":["a","b"]}""", """{"tags":["b","a"]}""")]
    [InlineData("""{"a":1}""", """{"a":1,"b":null}""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":{"c":1}}""")]
    public void Fingerprint_DifferentValues_Differ(string left, string right) => Assert.NotEqual(Fingerprint(left), Fingerprint(right));

    [Fact]
    public void Fingerprint_NumberBeyondDecimalRange_DoesNotThrow()
    {
        var fingerprint = Fingerprint("""{"big":1e300}""");

        Assert.NotEqual(Fingerprint("""{"big":1e301}"""), fingerprint);
    }

    [Fact]
    public void Fingerprint_OtherTool_Differs() =>
        Assert.NotEqual(ArgumentsJson.Fingerprint("a__x", TestCalls.Args("{}")), ArgumentsJson.Fingerprint("a__y", TestCalls.Args("{}")));

    [Fact]
    public void Fingerprint_NullAndEmptyArguments_Equal() =>
        Assert.Equal(ArgumentsJson.Fingerprint("a__x", null), ArgumentsJson.Fingerprint("a__x", TestCalls.Args("{}")));

    [Fact]
    public void FromObject_ToObject_RoundTrips()
    {
        var original = TestCalls.Json("""{"a":1,"b":[true,null,"s"],"c":{"d":null}}""");

        var roundTripped = ArgumentsJson.ToObject(ArgumentsJson.FromObject(original));

        Assert.Equal(original.ToJsonString(), roundTripped.ToJsonString());
    }

    private static string Fingerprint(string argsJson) => ArgumentsJson.Fingerprint("billing__refund", TestCalls.Args(argsJson));
}
