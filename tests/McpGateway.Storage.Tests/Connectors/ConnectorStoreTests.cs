using McpGateway.Connectors.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Connectors;

/// <summary>The runtime connector store contract, run against every backend.</summary>
public abstract class ConnectorStoreTests(TestDatabase database) : StoreTests<IConnectorStore>(database)
{
    protected override IConnectorStore Create(StorageOptions options) =>
        StoreFactory.CreateConnectorStore(options, NullLoggerFactory.Instance);

    protected override ValueTask StartAsync(IConnectorStore store) => store.InitializeAsync(CancellationToken.None);

    private static StoredConnector Connector(string name, string json) => new() { Name = name, RecordJson = json, UpdatedAt = T0 };

    [StoreFact]
    public async Task PutAsync_NewThenSameName_CreatesThenReplaces()
    {
        var store = await StartStoreAsync();

        var first = await store.PutAsync(Connector("crm", """{"kind":"mcp-http","url":"http://a/mcp"}"""), CancellationToken.None);
        var second = await store.PutAsync(Connector("crm", """{"kind":"mcp-http","url":"http://b/mcp"}"""), CancellationToken.None);
        await store.PutAsync(Connector("billing", """{"kind":"mcp-stdio","command":"x"}"""), CancellationToken.None);
        var list = await store.ListAsync(CancellationToken.None);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(["billing", "crm"], list.Select(c => c.Name));
        Assert.Contains("http://b/mcp", list[1].RecordJson, StringComparison.Ordinal);
        Assert.Equal(T0, list[1].UpdatedAt);
    }

    [StoreFact]
    public async Task DeleteAsync_KnownThenUnknown_TrueThenFalse()
    {
        var store = await StartStoreAsync();
        await store.PutAsync(Connector("crm", "{}"), CancellationToken.None);

        Assert.True(await store.DeleteAsync("crm", CancellationToken.None));
        Assert.False(await store.DeleteAsync("crm", CancellationToken.None));
        Assert.Empty(await store.ListAsync(CancellationToken.None));
    }
}
