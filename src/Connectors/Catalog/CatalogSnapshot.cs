using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Catalog;

/// <summary>An immutable view of every connected upstream's offer; replaced whole on any change.</summary>
public sealed class CatalogSnapshot
{
    /// <summary>The empty catalog.</summary>
    public static readonly CatalogSnapshot Empty = new(new Dictionary<string, (ConnectorConfig, UpstreamInventory)>());

    internal CatalogSnapshot(IReadOnlyDictionary<string, (ConnectorConfig Config, UpstreamInventory Inventory)> connectors)
    {
        Connectors = connectors.ToDictionary(kv => kv.Key, kv => kv.Value.Inventory, StringComparer.Ordinal);
        var enabled = connectors.Values
            .SelectMany(c => c.Inventory.Tools.Where(t => CapabilityCardFactory.IsEnabled(c.Config, t)).Select(t => (c.Config, Tool: t)))
            .ToList();
        var names = ToolNaming.Assign(enabled.Select(e => (e.Config.Name, e.Tool.Name)));
        // Quarantined tools keep their names (they are assigned over every enabled tool), so accepting a change brings the
        // tool back under the name it had.
        var all = enabled
            .Select(e => CapabilityCardFactory.Create(e.Config, e.Tool, names[(e.Config.Name, e.Tool.Name)],
                connectors[e.Config.Name].Inventory.PinnedHashes?.GetValueOrDefault(e.Tool.Name)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var cards = all.Where(c => !c.Quarantined).ToList();
        Quarantined = all.Where(c => c.Quarantined).ToList();
        Cards = cards;
        ByName = cards.ToDictionary(c => c.Name, StringComparer.Ordinal);
        ByConnector = cards.GroupBy(c => c.Connector, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, CapabilityCard>)g.ToDictionary(c => c.UpstreamName, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>Every card, ordered by exported name.</summary>
    public IReadOnlyList<CapabilityCard> Cards { get; }

    /// <summary>
    /// Tools whose upstream lists a definition other than the pinned one: in no list and not callable until accepted.
    /// </summary>
    public IReadOnlyList<CapabilityCard> Quarantined { get; }

    /// <summary>Cards by exported (prefixed) name.</summary>
    public IReadOnlyDictionary<string, CapabilityCard> ByName { get; }

    /// <summary>Per connector: cards by the upstream's own tool name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, CapabilityCard>> ByConnector { get; }

    /// <summary>Per connector: the raw inventory (resources, prompts, capabilities).</summary>
    public IReadOnlyDictionary<string, UpstreamInventory> Connectors { get; }

    /// <summary>Finds a tool by the name a caller used: prefixed on the aggregated endpoint, the upstream's own on a connector's endpoint.</summary>
    public bool TryResolve(string name, string? connectorScope, out CapabilityCard card)
    {
        if (connectorScope is null)
        {
            return ByName.TryGetValue(name, out card!);
        }

        card = null!;
        return ByConnector.TryGetValue(connectorScope, out var tools) && tools.TryGetValue(name, out card!);
    }

    /// <summary>Finds a quarantined tool by the name a caller used, as <see cref="TryResolve"/> does for listed ones.</summary>
    public bool TryResolveQuarantined(string name, string? connectorScope, out CapabilityCard card)
    {
        card = Quarantined.FirstOrDefault(c => connectorScope is null ? c.Name == name : c.Connector == connectorScope && c.UpstreamName == name)!;
        return card is not null;
    }
}
