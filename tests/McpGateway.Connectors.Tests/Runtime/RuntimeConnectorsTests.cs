using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Runtime;
using McpGateway.Connectors.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Connectors.Tests.Runtime;

/// <summary>
/// The file's connectors and the stored ones combined: disabled connectors, so the hub starts no process and the test
/// sees only what it applied.
/// </summary>
public sealed class RuntimeConnectorsTests : IAsyncDisposable
{
    private const string FileYaml = """
        connectors:
          demo: { kind: mcp-stdio, command: dotnet, enabled: false }
        """;

    private readonly InMemoryConnectorStore _store = new();
    private readonly UpstreamHub _hub = new(new ToolCatalog(), new SecretValues(), new UpstreamOptions(), TimeProvider.System, NullLoggerFactory.Instance);
    private readonly RuntimeConnectors _runtime;

    public RuntimeConnectorsTests() => _runtime = new RuntimeConnectors(_store, _hub, TimeProvider.System, NullLogger<RuntimeConnectors>.Instance);

    private static JsonObject Disabled(string command = "node") => new() { ["kind"] = "mcp-stdio", ["command"] = command, ["enabled"] = false };

    private string[] Names => _hub.Statuses.Select(s => s.Connector).ToArray();

    [Fact]
    public async Task PutAsync_NewThenChanged_StoredAndAppliedBesideTheFile()
    {
        await _runtime.StartAsync(ConfigLoader.Parse(FileYaml, "/x/connectors.yaml"), [], CancellationToken.None);

        var first = await _runtime.PutAsync("extra", Disabled(), CancellationToken.None);
        var second = await _runtime.PutAsync("extra", Disabled("python3"), CancellationToken.None);

        Assert.Equal(ConnectorChange.Created, first);
        Assert.Equal(ConnectorChange.Updated, second);
        Assert.Equal(["demo", "extra"], Names);
        Assert.Equal("python3", _runtime.Current.Connectors.Single(c => c.Name == "extra").Command);
        Assert.Equal(["extra"], _runtime.StoredNames);
    }

    [Fact]
    public async Task PutAsync_NameInFile_RefusedAndNothingStored()
    {
        await _runtime.StartAsync(ConfigLoader.Parse(FileYaml, "/x/connectors.yaml"), [], CancellationToken.None);

        var change = await _runtime.PutAsync("demo", Disabled(), CancellationToken.None);

        Assert.Equal(ConnectorChange.DefinedInFile, change);
        Assert.Empty(await _store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task PutAsync_BadRecord_ThrowsWithTheFilesPathAndMessage()
    {
        await _runtime.StartAsync(ConfigLoader.Parse(FileYaml, "/x/connectors.yaml"), [], CancellationToken.None);

        var ex = await Assert.ThrowsAsync<ConfigException>(() => _runtime.PutAsync("bad", new JsonObject { ["kind"] = "mcp-http" }, CancellationToken.None));

        Assert.Contains(ex.Errors, e => e.Path == "connectors.bad.url" && e.Message.Contains("needs 'url'", StringComparison.Ordinal));
        Assert.Empty(await _store.ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FileChangedAsync_Reload_KeepsTheStoredConnectors()
    {
        await _runtime.StartAsync(ConfigLoader.Parse(FileYaml, "/x/connectors.yaml"), [], CancellationToken.None);
        await _runtime.PutAsync("extra", Disabled(), CancellationToken.None);

        await _runtime.FileChangedAsync(ConfigLoader.Parse(FileYaml + "\n  third: { kind: mcp-stdio, command: x, enabled: false }", "/x/connectors.yaml"));

        Assert.Equal(["demo", "extra", "third"], Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefreshAsync_AnotherProcessChangedTheStore_Applied()
    {
        await _runtime.StartAsync(ConfigLoader.Parse(FileYaml, "/x/connectors.yaml"), [], CancellationToken.None);

        await _store.PutAsync(new StoredConnector { Name = "elsewhere", RecordJson = Disabled().ToJsonString(), UpdatedAt = DateTimeOffset.UnixEpoch }, CancellationToken.None);
        await _runtime.RefreshAsync(CancellationToken.None);
        var added = Names;
        await _store.DeleteAsync("elsewhere", CancellationToken.None);
        await _runtime.RefreshAsync(CancellationToken.None);

        Assert.Equal(["demo", "elsewhere"], added);
        Assert.Equal(["demo"], Names);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        _runtime.Dispose();
    }
}
