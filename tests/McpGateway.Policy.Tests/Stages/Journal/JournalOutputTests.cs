using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Stages.Journal;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Tests.Stages.Journal;

public sealed class JournalOutputTests
{
    [Fact]
    public void From_NoResult_KeepsNothing() => Assert.Null(JournalOutput.From(null, new ArgumentRedactor(new SecretValues())));

    [Fact]
    public void From_ResultWithSecrets_KeepsItRedacted()
    {
        var secrets = new SecretValues();
        secrets.Add("tok-123456");
        var result = new CallToolResult
        {
            Content = [new TextContentBlock { Text = "signed in with tok-123456" }],
            StructuredContent = JsonSerializer.SerializeToElement(new { customer_id = "cus_1", api_key = "sk_live_1" }),
        };

        var kept = JsonNode.Parse(JournalOutput.From(result, new ArgumentRedactor(secrets))!)!;

        Assert.Equal("cus_1", kept["structuredContent"]!["customer_id"]!.GetValue<string>());
        Assert.Equal("[REDACTED]", kept["structuredContent"]!["api_key"]!.GetValue<string>());
        Assert.DoesNotContain("tok-123456", kept.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("signed in with", kept["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void From_ResultOverTheCap_KeepsItsSizeAndTheStartOfItsText()
    {
        var text = new string('x', JournalOutput.MaxBytes * 2);
        var result = new CallToolResult { Content = [new TextContentBlock { Text = text }] };

        var kept = JsonNode.Parse(JournalOutput.From(result, new ArgumentRedactor(new SecretValues()))!)!;

        Assert.True(kept["truncated"]!.GetValue<bool>());
        Assert.True(kept["bytes"]!.GetValue<int>() > JournalOutput.MaxBytes);
        Assert.Equal(JournalOutput.PreviewChars, kept["text"]!.GetValue<string>().Length);
    }
}
