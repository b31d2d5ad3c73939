using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;

namespace McpGateway.Flows.Tests.Triggers;

public sealed class WebhookSecretsTests : IAsyncDisposable
{
    private readonly FlowHarness _h = new();

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private async Task<FlowRecord> FlowAsync(string name) =>
        (await _h.Service.CreateFlowAsync(new FlowDraft { Name = name }, CancellationToken.None)).Value!;

    [Fact]
    public async Task SetWebhookSecret_StoredSealedAndOpensForItsFlowOnly()
    {
        var flow = await FlowAsync("a");
        var other = await FlowAsync("b");

        await _h.Service.ApplyAsync("a", new FlowOperation { Type = "set_webhook_secret", Secret = "whsec_1" }, CancellationToken.None);
        var stored = (await _h.Flows.GetFlowAsync(flow.Id, CancellationToken.None))!;

        Assert.StartsWith(WebhookSecrets.SealedPrefix, stored.WebhookSecret, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_1", stored.WebhookSecret, StringComparison.Ordinal);
        Assert.Equal("whsec_1", _h.Service.WebhookSecret(stored));
        Assert.Null(_h.Service.WebhookSecret(other with { WebhookSecret = stored.WebhookSecret }));
    }

    [Fact]
    public async Task SealClearWebhookSecretsAsync_ClearFromAnEarlierVersion_ReadableThenSealedOnce()
    {
        var flow = await FlowAsync("legacy");
        await _h.Flows.UpdateFlowAsync(flow with { WebhookSecret = "whsec_clear" }, CancellationToken.None);
        var before = (await _h.Flows.GetFlowAsync(flow.Id, CancellationToken.None))!;

        var first = await _h.Service.SealClearWebhookSecretsAsync(CancellationToken.None);
        var second = await _h.Service.SealClearWebhookSecretsAsync(CancellationToken.None);
        var after = (await _h.Flows.GetFlowAsync(flow.Id, CancellationToken.None))!;

        Assert.Equal("whsec_clear", _h.Service.WebhookSecret(before));
        Assert.Equal((1, 0), (first, second));
        Assert.StartsWith(WebhookSecrets.SealedPrefix, after.WebhookSecret, StringComparison.Ordinal);
        Assert.Equal("whsec_clear", _h.Service.WebhookSecret(after));
    }

    [Fact]
    public async Task SetWebhookSecret_Empty_InvalidAndNothingStored()
    {
        var flow = await FlowAsync("empty");

        var result = await _h.Service.ApplyAsync("empty", new FlowOperation { Type = "set_webhook_secret", Secret = "" }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Invalid, result.Error!.Code);
        Assert.Null((await _h.Flows.GetFlowAsync(flow.Id, CancellationToken.None))!.WebhookSecret);
    }
}
