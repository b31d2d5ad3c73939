using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Clients;

/// <summary>What ts-client.mjs printed: the negotiated revision, one entry per operation, what its handlers were asked.</summary>
internal sealed record TsClientRun(JsonNode Output)
{
    public string? ProtocolVersion => Output["protocolVersion"]?.GetValue<string>();

    /// <summary><c>modern</c> (2026-07-28, discover) or <c>legacy</c> (initialize).</summary>
    public string? Era => Output["era"]?.GetValue<string>();

    public JsonArray Elicitations => Output["elicitations"]!.AsArray();

    public JsonArray Samplings => Output["samplings"]!.AsArray();

    /// <summary>The result of operation <paramref name="index"/>; fails the test, naming the error, if it failed.</summary>
    public JsonNode Result(int index)
    {
        var entry = Output["results"]![index]!;
        Assert.True(entry["ok"]!.GetValue<bool>(), $"operation {index} ({entry["op"]} {entry["name"]}) failed: {entry["error"]?.ToJsonString()}\n{Output["stderr"]}");
        return entry["result"]!;
    }

    /// <summary>The text of the first content block of tool result <paramref name="index"/>.</summary>
    public string Text(int index) => Result(index)["content"]![0]!["text"]!.GetValue<string>();

    /// <summary>The progress values the client's onprogress callback saw for operation <paramref name="index"/>.</summary>
    public IReadOnlyList<double> Progress(int index) =>
        [.. Output["results"]![index]!["progress"]!.AsArray().Select(p => p!["progress"]!.GetValue<double>())];
}
