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

    // Fingerprints are stored with idempotency keys, so a key reserved before an upgrade must still match after it: the
    // values below are what the shipped implementation computed, pinned byte for byte.
    [Theory]
    [InlineData("""{"text":"hello from McpGateway.Bench"}""", "b1b360fddbf1da9af2c989b3c69a17205000b6a9e4a344a83613c8d75ff985fb")]
    [InlineData("""{"payment_id":"pay_1","amount":1250.50,"currency":"EUR"}""", "c075de40b1099dff7af10bccbdee122c7c6f8ff2f6542ab500052ded04a4d4bf")]
    [InlineData("""{"b":{"z":[1,2,{"k":null}],"x":"y"},"a":true,"c":false}""", "445df1a013b842a5e76552e9be1341c79a7da6763e59725de1054a6166625ca6")]
    [InlineData("""{"note":"line\nbreak \"quoted\" \u00e9 caf\u00e9 \ud83d\ude00","plain":"café 😀 <tag> & 'q'"}""", "71a8bb9d55d4288b7ffe2bbe56294f4d31f838b003c6abd0584d464f1956332f")]
    [InlineData("""{"nested":{"ünï":"x","<a>&'b'":1,"qu\"ote":2},"ключ":"значение"}""", "716f2b186dcc5e30011a6dcfc8829795a68504aba5b6ccfff689867aaf6ca48b")]
    [InlineData("""{"n":[0,-0,1e2,1.50,-12.3400e-2,123456789012345678901234567890]}""", "72c2e71bbbb53ef8c077d46739ce4253b790663d847a7efc26eb609c24b4b738")]
    [InlineData("""{"empty":{},"list":[],"s":""}""", "edd0ff49a6474ceed3730230de7c6206f27e0fc85c806de81a054355e12f7a4b")]
    [InlineData("""{"k":{"n":"\ud800"}}""", "e78bf23d094fc03eccfe8dd157f9151f3172465efd8605908071ed85726a6a10")]
    [InlineData(null, "1eae2ad3e51cb41e0a23f4c3872cf88dd02ab7daea1e1503bb6987ab412722df")]
    public void Fingerprint_AsShipped_Unchanged(string? argsJson, string expected) =>
        Assert.Equal(expected, ArgumentsJson.Fingerprint("billing__charge", argsJson is null ? null : TestCalls.Args(argsJson)));

    [Fact]
    public void FromObject_ToObject_RoundTrips()
    {
        var original = TestCalls.Json("""{"a":1,"b":[true,null,"s"],"c":{"d":null}}""");

        var roundTripped = ArgumentsJson.ToObject(ArgumentsJson.FromObject(original));

        Assert.Equal(original.ToJsonString(), roundTripped.ToJsonString());
    }

    private static string Fingerprint(string argsJson) => ArgumentsJson.Fingerprint("billing__refund", TestCalls.Args(argsJson));
}
