using McpGateway.Connectors.Catalog.Pinning;
using McpGateway.Connectors.Configuration;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Catalog;

/// <summary>Builds cards from upstream definitions, MCP annotations and <c>connectors.yaml</c> overrides.</summary>
internal static class CapabilityCardFactory
{
    public static CapabilityCard Create(ConnectorConfig connector, Tool tool, string exportedName, string? pinnedHash)
    {
        connector.Tools.TryGetValue(tool.Name, out var o);
        var a = tool.Annotations;
        var readOnly = o?.ReadOnly ?? a?.ReadOnlyHint ?? false;

        // MCP's defaults for unannotated tools: not read-only, destructive, not idempotent.
        var destructive = o?.Destructive ?? (readOnly ? false : a?.DestructiveHint ?? true);
        var idempotent = o?.Idempotent ?? (readOnly || (a?.IdempotentHint ?? false));
        return new CapabilityCard
        {
            Name = exportedName,
            Connector = connector.Name,
            Upstream = tool,
            Title = o?.Title ?? tool.Title ?? a?.Title,
            Description = o?.Description ?? tool.Description,
            ReadOnly = readOnly,
            Destructive = destructive,
            Idempotent = idempotent,
            Risk = o?.Risk ?? (readOnly ? "low" : destructive ? "high" : "medium"),
            Timeout = o?.Timeout ?? connector.Timeout ?? GatewayDefaults.CallTimeout,
            IdempotencyKeyTemplate = o?.IdempotencyKey,
            Retry = o?.Retry,
            Fallback = o?.Fallback,
            EscalateOnFailure = o?.OnFailure == "escalate",
            Probe = o?.Probe,
            EntityParams = o?.EntityParams,
            Rules = o?.Rules ?? [],
            Tags = o?.Tags ?? [],
            Examples = o?.Examples ?? [],
            Auth = o?.Auth,
            DefinitionHash = ToolDefinition.Hash(tool),
            PinnedHash = pinnedHash,
        };
    }

    public static bool IsEnabled(ConnectorConfig connector, Tool tool) =>
        !connector.Tools.TryGetValue(tool.Name, out var o) || o.Enabled;
}
