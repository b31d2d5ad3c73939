using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

/// <summary>
/// <c>subscriptions/listen</c> (2026-07-28): what a listen may be granted on this endpoint for this key. List changes of
/// the kinds the endpoint serves, from the connectors the key reaches; resource updates for URIs the key may read.
/// </summary>
internal sealed partial class McpSurface
{
    private async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, string? scope, ApiKey? key, CancellationToken ct)
    {
        var requested = request.Params?.Notifications ?? new SubscriptionsListenNotifications();
        var capabilities = request.Server.ServerOptions.Capabilities;
        var mayReadResources = capabilities?.Resources is not null && (key is null || Scopes.Allows(key.Scopes, Scopes.ResourcesRead));
        var mayReadPrompts = capabilities?.Prompts is not null && (key is null || Scopes.Allows(key.Scopes, Scopes.PromptsRead));

        var resources = new Dictionary<(string Connector, string Uri), string>();
        if (mayReadResources && capabilities!.Resources!.Subscribe == true && requested.ResourceSubscriptions is { } uris)
        {
            foreach (var uri in uris.Distinct(StringComparer.Ordinal).Take(ListenStreams.MaxResources))
            {
                if (VisibleResource(uri, scope, key) is { } target)
                {
                    resources.TryAdd(target, uri);
                }
            }
        }

        var granted = new SubscriptionsListenNotifications
        {
            ToolsListChanged = requested.ToolsListChanged == true ? true : null,
            PromptsListChanged = requested.PromptsListChanged == true && mayReadPrompts ? true : null,
            ResourcesListChanged = requested.ResourcesListChanged == true && mayReadResources ? true : null,
        };
        var stream = new ListenStream(request, granted, resources, connector => (scope is null || scope == connector) && Reaches(key, connector), scope is null);
        return await listens.RunAsync(stream, ct);
    }

    /// <summary>(connector, upstream URI) of a resource the key may read on this endpoint, or null (left out of the grant).</summary>
    private (string Connector, string Uri)? VisibleResource(string uri, string? scope, ApiKey? key)
    {
        try
        {
            var (connector, inner) = Route(uri, scope);
            return catalog.Current.Connectors.ContainsKey(connector) && Reaches(key, connector) && KeyAccess.MayReadResourceUri(key, inner)
                ? (connector, inner)
                : null;
        }
        catch (McpProtocolException)
        {
            return null;
        }
    }
}
