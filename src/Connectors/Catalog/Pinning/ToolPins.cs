using McpGateway.Connectors.Configuration;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Catalog.Pinning;

/// <summary>
/// Definition pinning (rug-pull protection): each listing of a connector's tools is compared with the pins in the store
/// before it reaches the catalog. A tool seen for the first time is pinned; a tool whose definition differs from its pin
/// is quarantined (the catalog hides it and the resolve stage refuses it) until an operator accepts the change, or is
/// accepted at once under <c>pinning: auto</c>. The pin is in the store, so every replica judges against the same one.
/// </summary>
public sealed partial class ToolPins(IToolPinStore store, ToolCatalog catalog, TimeProvider time, ILogger<ToolPins> logger)
{
    /// <summary>The actor of a pin made when a tool is first seen.</summary>
    public const string FirstSeen = "first seen";

    /// <summary>The actor of a change accepted by <c>pinning: auto</c>.</summary>
    public const string Automatic = "pinning: auto";

    /// <summary>The store (read by the admin API for a pin and its history).</summary>
    public IToolPinStore Store => store;

    /// <summary>Creates the store's tables.</summary>
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    /// <summary>
    /// Checks every tool of <paramref name="inventory"/> against its pin and returns the inventory with the pinned hashes.
    /// If the store cannot be read, the connector's previous pins are kept (a change known before stays quarantined).
    /// </summary>
    public async Task<UpstreamInventory> CheckAsync(ConnectorConfig config, UpstreamInventory inventory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(inventory);
        try
        {
            var pins = (await store.ListAsync(config.Name, cancellationToken)).ToDictionary(p => p.Tool, StringComparer.Ordinal);
            var pinned = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tool in inventory.Tools)
            {
                pinned[tool.Name] = await CheckToolAsync(config, tool, pins.GetValueOrDefault(tool.Name), cancellationToken);
            }

            return inventory with { PinnedHashes = pinned };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.CheckFailed(logger, config.Name, ex.Message);
            return catalog.TryGet(config.Name, out _, out var previous) && previous.PinnedHashes is { } hashes
                ? inventory with { PinnedHashes = hashes }
                : inventory;
        }
    }

    /// <summary>
    /// Accepts the definition <paramref name="card"/>'s upstream lists now as the tool's pin, journaled with
    /// <paramref name="actor"/>, then re-judges the connector's tools in this process.
    /// </summary>
    public async Task<PinAcceptance> AcceptAsync(CapabilityCard card, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.PinnedHash is not { } expected)
        {
            return PinAcceptance.NotPinned;
        }

        if (!card.Quarantined)
        {
            return PinAcceptance.Unchanged;
        }

        var json = ToolDefinition.CanonicalJson(card.Upstream);
        var replacement = new ToolPin
        {
            Connector = card.Connector, Tool = card.UpstreamName, Hash = ToolDefinition.Hash(json), DefinitionJson = json,
            PinnedAt = time.GetUtcNow(), PinnedBy = actor,
        };
        if (!await store.AcceptAsync(replacement, expected, cancellationToken))
        {
            return PinAcceptance.Conflict;
        }

        Log.Accepted(logger, card.Connector, card.UpstreamName, replacement.Hash, actor);
        await RecheckAsync(card.Connector, cancellationToken);
        return PinAcceptance.Accepted;
    }

    /// <summary>
    /// Judges the tools of <paramref name="connector"/> (of every connector when empty) again against the store, as
    /// another process's acceptance asks; the catalog tells clients when a tool comes back or goes.
    /// </summary>
    public async Task RecheckAsync(string connector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connector);
        IEnumerable<string> names = connector.Length > 0 ? [connector] : catalog.Current.Connectors.Keys.ToList();
        foreach (var name in names)
        {
            if (catalog.TryGet(name, out var config, out var inventory))
            {
                catalog.TryReplace(name, inventory, await CheckAsync(config, inventory, cancellationToken));
            }
        }
    }

    private async Task<string> CheckToolAsync(ConnectorConfig config, Tool tool, ToolPin? pin, CancellationToken cancellationToken)
    {
        var json = ToolDefinition.CanonicalJson(tool);
        var hash = ToolDefinition.Hash(json);
        var now = time.GetUtcNow();
        if (pin is null)
        {
            var fresh = new ToolPin { Connector = config.Name, Tool = tool.Name, Hash = hash, DefinitionJson = json, PinnedAt = now, PinnedBy = FirstSeen };
            if (await store.AddAsync(fresh, cancellationToken))
            {
                Log.Pinned(logger, config.Name, tool.Name, hash);
                return hash;
            }

            // Another process pinned it first: judge against its pin.
            pin = await store.GetAsync(config.Name, tool.Name, cancellationToken) ?? fresh;
        }

        if (pin.Hash == hash)
        {
            return hash;
        }

        if (config.Pinning == PinningMode.Auto)
        {
            if (await store.AcceptAsync(pin with { Hash = hash, DefinitionJson = json, PinnedAt = now, PinnedBy = Automatic }, pin.Hash, cancellationToken))
            {
                Log.Accepted(logger, config.Name, tool.Name, hash, Automatic);
                return hash;
            }

            return (await store.GetAsync(config.Name, tool.Name, cancellationToken))?.Hash ?? pin.Hash;
        }

        if (await store.MarkChangedAsync(config.Name, tool.Name, pin.Hash, hash, now, cancellationToken))
        {
            Log.Quarantined(logger, config.Name, tool.Name, pin.Hash, hash);
        }

        return pin.Hash;
    }
}
