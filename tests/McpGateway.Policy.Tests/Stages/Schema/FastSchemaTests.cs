using System.Text.Json;
using McpGateway.Policy.Stages.Schema;
using NJsonSchema;

namespace McpGateway.Policy.Tests.Stages.Schema;

/// <summary>
/// The fast check against NJsonSchema on the same schemas and arguments: whenever it accepts, NJsonSchema finds no
/// error (it may decline anything; NJsonSchema then decides), and on ordinary valid calls it does accept.
/// </summary>
public sealed class FastSchemaTests
{
    public static TheoryData<string, string, bool> Cases => new()
    {
        // schema, arguments, whether the fast check must accept (valid and within its subset)
        { Echo, """{"text":"hello"}""", true },
        { Echo, """{"text":"2024-01-01T00:00:00Z"}""", true },
        { Echo, """{"text":"hello","extra":[1,{"a":null}]}""", true },
        { Echo, """{}""", false },
        { Echo, """{"text":5}""", false },
        { Echo, """{"text":null}""", false },
        { Refund, """{"customer_id":"cust_1","amount":5,"address":{"zip":"1011"}}""", true },
        { Refund, """{"customer_id":"cust_1","amount":1}""", true },
        { Refund, """{"customer_id":"cust_1","amount":0}""", false },
        { Refund, """{"customer_id":"cust_1","amount":5.5}""", false },
        { Refund, """{"customer_id":"cust_1","amount":5.0}""", false },
        { Refund, """{"customer_id":"cust_1","amount":1e2}""", false },
        { Refund, """{"customer_id":"cust_1","amount":"5"}""", false },
        { Refund, """{"customer_id":"cust_1","amount":5,"address":{"city":"Amsterdam"}}""", false },
        { Refund, """{"customer_id":"cust_1","amount":99999999999999999999999999999999999999}""", false },
        { Strict, """{"mode":"fast","tags":["a","b"],"limit":10}""", true },
        { Strict, """{"mode":"fast"}""", true },
        { Strict, """{"mode":null}""", true },
        { Strict, """{"mode":"slow"}""", false },
        { Strict, """{"mode":"fast","other":1}""", false },
        { Strict, """{"mode":"fast","tags":[]}""", false },
        { Strict, """{"mode":"fast","tags":["a","b","c","d"]}""", false },
        { Strict, """{"mode":"fast","tags":["a",1]}""", false },
        { Strict, """{"mode":"fast","limit":0}""", false },
        { Strict, """{"mode":"fast","limit":100}""", false },
        { Strict, """{"mode":"fast","limit":99.5}""", true },
        { Strict, """{"mode":"fast","note":"abc"}""", true },
        { Strict, """{"mode":"fast","note":"abcdef"}""", false },
        { Strict, """{"mode":"fast","note":"😀😀😀"}""", false },
        { Strict, """{"mode":"fast","note":"😀"}""", true },
        { Counters, """{"a":1,"b":2}""", true },
        { Counters, """{"a":1,"b":"2"}""", false },
        { Counters, """{}""", true },
        { Nested, """{"items":[{"sku":"x","qty":2},{"sku":"y","qty":1}]}""", true },
        { Nested, """{"items":[{"sku":"x"}]}""", false },
        { Nested, """{"items":[{"sku":"x","qty":-1}]}""", false },
        { Nested, """{"items":{}}""", false },
    };

    private const string Echo = """
        {"type":"object","properties":{"text":{"type":"string","description":"What to echo."}},"required":["text"],"$schema":"http://json-schema.org/draft-07/schema#"}
        """;

    private const string Refund = """
        {"type":"object","properties":{
          "customer_id":{"type":"string"},
          "amount":{"type":"integer","minimum":1},
          "address":{"type":"object","properties":{"zip":{"type":"string"},"city":{"type":"string"}},"required":["zip"]}},
         "required":["customer_id","amount"]}
        """;

    private const string Strict = """
        {"type":"object","additionalProperties":false,"properties":{
          "mode":{"type":["string","null"],"enum":["fast","safe",null]},
          "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3},
          "limit":{"type":"number","exclusiveMinimum":0,"exclusiveMaximum":100},
          "note":{"type":"string","maxLength":3,"default":""}},
         "required":["mode"]}
        """;

    private const string Counters = """{"type":"object","additionalProperties":{"type":"integer"}}""";

    private const string Nested = """
        {"type":"object","properties":{"items":{"type":"array","items":{"type":"object",
          "properties":{"sku":{"type":"string"},"qty":{"type":"integer","minimum":1}},"required":["sku","qty"]}}},"required":["items"]}
        """;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Accepts_OnlyWhatNJsonSchemaAccepts_AndOrdinaryValidCalls(string schema, string arguments, bool mustAccept)
    {
        var fast = FastSchema.TryCompile(JsonDocument.Parse(schema).RootElement.Clone());
        var reference = await JsonSchema.FromJsonAsync(schema);
        var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(arguments)!;

        var accepted = fast!.Accepts(args);

        if (accepted)
        {
            Assert.Empty(reference.Validate(arguments));
        }

        Assert.Equal(mustAccept, accepted);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"when":{"type":"string","format":"date-time"}}}""")]
    [InlineData("""{"type":"object","properties":{"id":{"type":"string","pattern":"^c_"}}}""")]
    [InlineData("""{"type":"object","properties":{"x":{"$ref":"#/definitions/x"}},"definitions":{"x":{"type":"string"}}}""")]
    [InlineData("""{"type":"object","properties":{"x":{"oneOf":[{"type":"string"},{"type":"integer"}]}}}""")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"number","minimum":0,"exclusiveMinimum":true}}}""")]
    [InlineData("""{"type":"object","properties":{"x":{"minLength":2}}}""")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"array","items":[{"type":"string"}]}}}""")]
    [InlineData("""{"type":"object","properties":{"x":{"type":"thing"}}}""")]
    public void TryCompile_KeywordOutsideTheSubset_Declines(string schema) =>
        Assert.Null(FastSchema.TryCompile(JsonDocument.Parse(schema).RootElement.Clone()));

    [Fact]
    public void Accepts_NullArgumentsAgainstARequiredProperty_Declines()
    {
        var fast = FastSchema.TryCompile(JsonDocument.Parse(Echo).RootElement.Clone())!;

        Assert.False(fast.Accepts(null));
        Assert.True(FastSchema.TryCompile(JsonDocument.Parse(Counters).RootElement.Clone())!.Accepts(null));
    }
}
