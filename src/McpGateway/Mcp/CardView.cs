using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Configuration;

namespace McpGateway.Mcp;

/// <summary>
/// A capability card as agents and operators read it, the same on every surface: <c>GET /v1/tools</c> and
/// <c>/v1/discover</c>, <c>gateway__discover</c>, and each listed tool's <c>_meta["mcpgw/card"]</c> (there without the
/// schemas and the description, which the tool itself carries).
/// </summary>
internal static class CardView
{
    /// <summary>The <c>_meta</c> key of the card on a listed tool.</summary>
    public const string MetaKey = "mcpgw/card";

    /// <summary>
    /// The card's view. <paramref name="baseUrl"/> (scheme, host and path base, no trailing slash) makes
    /// <c>gateway_url</c> absolute; without it the URL is relative to the gateway's address.
    /// </summary>
    public static JsonObject For(CapabilityCard c, PolicyConfigSource policy, string? baseUrl, bool withDefinition)
    {
        var view = new JsonObject
        {
            ["name"] = c.Name,
            ["connector"] = c.Connector,
            ["upstream_name"] = c.UpstreamName,
        };
        if (withDefinition)
        {
            view["title"] = c.Title;
            view["description"] = c.Description;
            view["input_schema"] = JsonNode.Parse(c.InputSchema.GetRawText());
            view["output_schema"] = c.Upstream.OutputSchema is { } o ? JsonNode.Parse(o.GetRawText()) : null;
        }

        view["risk"] = c.Risk;
        view["read_only"] = c.ReadOnly;
        view["destructive"] = c.Destructive;
        view["idempotent"] = c.Idempotent;
        view["approval"] = ApprovalRequirement.For(c, policy.Current.Rules);
        view["tags"] = new JsonArray(c.Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        view["examples"] = new JsonArray(c.Examples.Select(e => (JsonNode?)new JsonObject { ["description"] = e.Description, ["args"] = e.Args.DeepClone() }).ToArray());
        view["auth"] = c.Auth;
        view["idempotency_key"] = c.IdempotencyKeyTemplate;
        view["retry"] = c.Retry;
        view["timeout_ms"] = c.Timeout.TotalMilliseconds;
        view["fallback"] = c.Fallback;
        view["on_failure"] = c.EscalateOnFailure ? "escalate" : "error";
        view["probe"] = c.Probe is { } p ? new JsonObject { ["tool"] = p.Call.Tool, ["args"] = p.Call.Args.DeepClone() } : null;
        view["entity_params"] = c.EntityParams is { } e ? JsonSerializer.SerializeToNode(e) : null;
        view["rules"] = c.Rules.Count;
        view["gateway_url"] = $"{baseUrl}/c/{c.Connector}/mcp";
        view["definition_hash"] = c.DefinitionHash;
        view["pin_state"] = c.PinState;
        return view;
    }

    /// <summary>The tool as listed, with its card in <c>_meta</c> beside whatever the upstream put there.</summary>
    public static ModelContextProtocol.Protocol.Tool Listed(CapabilityCard c, string exportedName, PolicyConfigSource policy)
    {
        var tool = c.ToProtocolTool(exportedName);
        var meta = tool.Meta?.DeepClone() as JsonObject ?? [];
        meta[MetaKey] = For(c, policy, baseUrl: null, withDefinition: false);
        tool.Meta = meta;
        return tool;
    }
}
