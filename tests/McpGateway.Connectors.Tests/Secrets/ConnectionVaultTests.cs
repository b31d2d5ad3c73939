using System.Security.Cryptography;
using McpGateway.Connectors.Connections;
using McpGateway.Connectors.Sealing;
namespace McpGateway.Connectors.Tests.Secrets;

public sealed class ConnectionVaultTests
{
    private readonly FakeConnectionStore _store = new();
    private readonly ConnectionVault _vault;

    public ConnectionVaultTests() =>
        _vault = new ConnectionVault(_store, new SecretCipher(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32))), TimeProvider.System);

    private static Dictionary<string, string> Fields(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public async Task SetAsync_ThenResolve_ReturnsEachFieldAndStoresNoClearValue()
    {
        var (record, created) = await _vault.SetAsync("crm", ConnectionTypes.BasicAuth, Fields(("username", "ops"), ("password", "hunter22")), "CRM", CancellationToken.None);

        var password = await _vault.ResolveAsync("crm", "password", CancellationToken.None);

        Assert.True(created);
        Assert.Equal("hunter22", password);
        Assert.Equal(["password", "username"], record.FieldNames);
        Assert.False(record.Sealed.AsSpan().IndexOf("hunter22"u8) >= 0);
    }

    [Fact]
    public async Task SetAsync_Twice_KeepsCreatedAtAndSaysReplaced()
    {
        var (first, _) = await _vault.SetAsync("tok", ConnectionTypes.SecretText, Fields(("secret", "one-1234")), null, CancellationToken.None);

        var (second, created) = await _vault.SetAsync("tok", ConnectionTypes.SecretText, Fields(("secret", "two-5678")), null, CancellationToken.None);

        Assert.False(created);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal("two-5678", await _vault.ResolveAsync("tok", null, CancellationToken.None));
    }

    [Fact]
    public async Task ResolveAsync_UnknownName_NamesTheReference()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _vault.ResolveAsync("ghost", null, CancellationToken.None).AsTask());

        Assert.Contains("${secret:ghost}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_MissingFieldOrBareNameOfAStructuredType_NamesTheReferenceNotTheValue()
    {
        await _vault.SetAsync("crm", ConnectionTypes.BasicAuth, Fields(("username", "ops"), ("password", "hunter22")), null, CancellationToken.None);

        var field = await Assert.ThrowsAsync<InvalidOperationException>(() => _vault.ResolveAsync("crm", "api_key", CancellationToken.None).AsTask());
        var bare = await Assert.ThrowsAsync<InvalidOperationException>(() => _vault.ResolveAsync("crm", null, CancellationToken.None).AsTask());

        Assert.Contains("${secret:crm.api_key}", field.Message, StringComparison.Ordinal);
        Assert.Contains("${secret:crm.<field>}", bare.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter22", field.Message + bare.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_SealedValueMovedToAnotherName_DoesNotOpen()
    {
        var (record, _) = await _vault.SetAsync("crm", ConnectionTypes.SecretText, Fields(("secret", "hunter22")), null, CancellationToken.None);
        _store.Records["other"] = record with { Name = "other" };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _vault.ResolveAsync("other", null, CancellationToken.None).AsTask());

        Assert.Contains("does not open", ex.Message, StringComparison.Ordinal);
    }
}
