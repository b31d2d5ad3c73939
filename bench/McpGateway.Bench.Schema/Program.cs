using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Json.Schema;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Schema;
using ModelContextProtocol.Protocol;

// usage: McpGateway.Bench.Schema [calls] [rounds] — the schema stage's cost per call on the bench's tool (TestUpstream's
// echo, its input schema as the SDK declares it) with the bench's arguments, on one thread after a warm-up: valid
// arguments (every call the bench makes) and invalid ones (the violations worded); then the validator alone on the valid
// call, by output format. Each round runs every row once, in turn; a row prints wall and process CPU µs per call (CPU is
// the steadier figure on a shared machine) and the bytes this thread allocated per call. Prints figures, asserts nothing.
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
const string EchoSchema = """{"type":"object","properties":{"text":{"description":"Text to return.","type":"string"}},"required":["text"]}""";
const string Valid = """{"text":"hello from McpGateway.Bench"}""";
var card = new CapabilityCard
{
    Name = "demo__echo",
    Connector = "demo",
    Upstream = new Tool { Name = "echo", InputSchema = JsonDocument.Parse(EchoSchema).RootElement.Clone() },
    DefinitionHash = "bench",
    Timeout = TimeSpan.FromSeconds(30),
};
var stage = new SchemaStage();
var caller = CallerIdentity.For("mcp", null, null, "bench");
var completed = ValueTask.FromResult(ToolCallOutcome.Completed(new CallToolResult()));
var schema = JsonSchema.Build(card.InputSchema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
var validArguments = Arguments(Valid);

// A larger schema beside it (nested object, bounds, a closed object), as a refund tool declares one.
const string RefundSchema = """
    {"type":"object","additionalProperties":false,"required":["customer_id","amount"],"properties":{
      "customer_id":{"type":"string","minLength":1},"amount":{"type":"integer","minimum":1},"currency":{"enum":["EUR","USD"]},
      "address":{"type":"object","required":["zip"],"properties":{"zip":{"type":"string"},"city":{"type":"string"}}}}}
    """;
var refund = card with
{
    Name = "billing__refund",
    Upstream = new Tool { Name = "refund", InputSchema = JsonDocument.Parse(RefundSchema).RootElement.Clone() },
    DefinitionHash = "bench-refund",
};

var rows = new List<(string Name, Func<string> Once)>();
foreach (var (name, target, json) in new[]
{
    ("stage, valid arguments", card, Valid),
    ("stage, invalid arguments", card, """{"text":5}"""),
    ("stage, refund schema, valid arguments", refund, """{"customer_id":"cust_1","amount":1250,"currency":"EUR","address":{"zip":"1011"}}"""),
})
{
    var arguments = Arguments(json);
    rows.Add((name, () =>
    {
        var context = new ToolCallContext(target.Name, arguments, caller, CancellationToken.None) { Card = target };
        var outcome = stage.InvokeAsync(context, _ => completed);
        return outcome.IsCompletedSuccessfully ? outcome.Result.Status.ToString() : "pending";
    }));
}

// The validator alone, as the stage calls it: the arguments to one JSON element, then an evaluation.
foreach (var (name, options) in new[]
{
    ("validator alone, list output, formats checked", new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true }),
    ("validator alone, flag output, formats checked", new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true }),
    ("validator alone, flag output", new EvaluationOptions { OutputFormat = OutputFormat.Flag }),
})
{
    rows.Add((name, () => schema.Evaluate(JsonSerializer.SerializeToElement(validArguments), options).IsValid ? "valid" : "invalid"));
}

foreach (var (_, once) in rows)
{
    for (var i = 0; i < 20_000; i++)
    {
        once(); // warm-up (tiered JIT), not printed
    }
}

Console.WriteLine("| round | what | calls | wall µs/call | CPU µs/call | bytes allocated/call | outcome |");
Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | --- |");
using var process = Process.GetCurrentProcess();
for (var round = 1; round <= rounds; round++)
{
    foreach (var (name, once) in rows)
    {
        var result = "";
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            result = once();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        cpu = process.TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {round} | {name} | {calls} | {elapsed.TotalMicroseconds / calls:F2} | {cpu.TotalMicroseconds / calls:F2} | {allocated / calls} | {result} |"));
    }
}

static Dictionary<string, JsonElement> Arguments(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
