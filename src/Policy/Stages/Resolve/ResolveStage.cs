using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Resolve;

/// <summary>
/// Finds the tool's capability card: prefixed names on the aggregated endpoint, upstream names on a connector's own. A
/// tool of a connector that is still starting is waited for (<see cref="UpstreamHub.StartupWait"/>), so a client that
/// calls at once after starting the gateway does not get "not connected". A quarantined tool (its upstream changed its
/// definition since it was pinned) is refused with a sentence saying why.
/// </summary>
public sealed class ResolveStage(ToolCatalog catalog, UpstreamHub hub) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "resolve";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        if (catalog.Current.TryResolve(context.ToolName, context.ConnectorScope, out var card))
        {
            return Resolved(context, card, next);
        }

        return DownConnector(context) is { State: UpstreamState.Connecting } starting && hub.TryGet(starting.Connector, out var connection) && !connection.Started.IsCompleted
            ? AfterStartAsync(context, starting.Connector, next)
            : Unresolved(context);
    }

    private async ValueTask<ToolCallOutcome> AfterStartAsync(ToolCallContext context, string connector, ToolCallDelegate next)
    {
        await hub.WhenStartedAsync(connector, context.CancellationToken);
        context.Record(Name, "waited_for_start", connector);
        return catalog.Current.TryResolve(context.ToolName, context.ConnectorScope, out var card)
            ? await Resolved(context, card, next)
            : await Unresolved(context);
    }

    private ValueTask<ToolCallOutcome> Resolved(ToolCallContext context, CapabilityCard card, ToolCallDelegate next)
    {
        context.Card = card;
        context.Record(Name, "resolved", $"{card.Connector}/{card.UpstreamName}");
        return next(context);
    }

    private ValueTask<ToolCallOutcome> Unresolved(ToolCallContext context)
    {
        if (catalog.Current.TryResolveQuarantined(context.ToolName, context.ConnectorScope, out var quarantined))
        {
            context.Card = quarantined;
            context.Record(Name, "quarantined", $"{quarantined.Connector}/{quarantined.UpstreamName} {quarantined.DefinitionHash}");
            return ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Blocked, ToolCallFault.ToolQuarantined, QuarantineMessage(quarantined)));
        }

        if (DownConnector(context) is { } down)
        {
            context.Record(Name, "connector_down", down.Connector);
            return ValueTask.FromResult(ToolCallOutcome.Failed(
                ToolCallFault.UpstreamUnavailable,
                $"Connector '{down.Connector}' is not connected right now ({down.State.ToString().ToLowerInvariant()}: {down.Reason ?? "starting"}); nothing was executed. Its tools return when it is back."));
        }

        context.Record(Name, "unknown_tool");
        var where = context.ConnectorScope is null ? "this gateway" : $"connector '{context.ConnectorScope}'";
        return ValueTask.FromResult(ToolCallOutcome.Failed(
            ToolCallFault.UnknownTool,
            $"Unknown tool '{context.ToolName}' on {where}; call tools/list for the available names (a connector that is down has no tools)."));
    }

    /// <summary>The sentence a caller of a quarantined tool gets.</summary>
    public static string QuarantineMessage(CapabilityCard card) =>
        $"Tool '{card.Name}' is quarantined: connector '{card.Connector}' now lists a changed definition for it (its description, schemas or " +
        $"annotations differ from the definition pinned when it was first seen), so nothing was executed. An operator must review the change " +
        $"and accept it (mcpgw tools accept {card.Name}) before the tool can be called again.";

    /// <summary>The connector the name belongs to, when that connector is configured but not connected.</summary>
    private UpstreamStatus? DownConnector(ToolCallContext context)
    {
        var connector = context.ConnectorScope;
        if (connector is null)
        {
            var sep = context.ToolName.IndexOf(ToolNaming.Separator, StringComparison.Ordinal);
            if (sep <= 0)
            {
                return null;
            }

            connector = context.ToolName[..sep];
        }

        return hub.TryGet(connector, out var connection) && connection.Status.State != UpstreamState.Connected ? connection.Status : null;
    }
}
