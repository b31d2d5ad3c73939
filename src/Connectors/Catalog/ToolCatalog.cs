using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Catalog;

/// <summary>
/// The live catalog: connectors publish their inventory as they connect, refresh or go down, and sessions are told
/// through <see cref="Changed"/>. Reads are lock-free against an immutable <see cref="CatalogSnapshot"/>.
/// </summary>
public sealed class ToolCatalog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ConnectorConfig Config, UpstreamInventory Inventory)> _connectors = new(StringComparer.Ordinal);
    private volatile CatalogSnapshot _current = CatalogSnapshot.Empty;

    /// <summary>Raised after a snapshot change with the connector and what changed. Handlers must not block.</summary>
    public event Action<string, CatalogChange>? Changed;

    /// <summary>The current snapshot.</summary>
    public CatalogSnapshot Current => _current;

    /// <summary>Publishes (or replaces) a connector's inventory.</summary>
    public void Publish(ConnectorConfig config, UpstreamInventory inventory, CatalogChange change)
    {
        lock (_gate)
        {
            _connectors[config.Name] = (config, inventory);
            _current = new CatalogSnapshot(_connectors);
        }

        Changed?.Invoke(config.Name, change);
    }

    /// <summary>The connector's configuration and inventory as last published, if it is in the catalog.</summary>
    public bool TryGet(string connector, out ConnectorConfig config, out UpstreamInventory inventory)
    {
        lock (_gate)
        {
            var found = _connectors.TryGetValue(connector, out var entry);
            (config, inventory) = (entry.Config, entry.Inventory);
            return found;
        }
    }

    /// <summary>
    /// Replaces a connector's inventory with <paramref name="replacement"/> only if it is still <paramref name="expected"/>
    /// (a newer listing published meanwhile wins); false when it was not.
    /// </summary>
    public bool TryReplace(string connector, UpstreamInventory expected, UpstreamInventory replacement)
    {
        ConnectorConfig config;
        lock (_gate)
        {
            if (!_connectors.TryGetValue(connector, out var entry) || !ReferenceEquals(entry.Inventory, expected))
            {
                return false;
            }

            config = entry.Config;
            _connectors[connector] = (config, replacement);
            _current = new CatalogSnapshot(_connectors);
        }

        Changed?.Invoke(connector, CatalogChange.Tools);
        return true;
    }

    /// <summary>Removes a connector's offer (it went down or was removed from the config).</summary>
    public void Remove(string connector)
    {
        lock (_gate)
        {
            if (!_connectors.Remove(connector))
            {
                return;
            }

            _current = new CatalogSnapshot(_connectors);
        }

        Changed?.Invoke(connector, CatalogChange.All);
    }
}
