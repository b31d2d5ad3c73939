using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

internal sealed partial class McpSurface
{
    private ListResourcesResult ListResources(string? scope, ApiKey? key)
    {
        RequireScope(key, Scopes.ResourcesRead, "list resources");
        return new ListResourcesResult
        {
            Resources = Inventories(scope, key)
                .SelectMany(i => i.Inventory.Resources
                    .Where(r => KeyAccess.MayReadResourceUri(key, r.Uri))
                    .Select(r => scope is null ? WithUri(r, ResourceNaming.WrapUri(i.Connector, r.Uri)) : r))
                .ToList(),
        };
    }

    private ListResourceTemplatesResult ListResourceTemplates(string? scope, ApiKey? key)
    {
        RequireScope(key, Scopes.ResourcesRead, "list resource templates");
        return new ListResourceTemplatesResult
        {
            ResourceTemplates = Inventories(scope, key)
                .SelectMany(i => i.Inventory.ResourceTemplates.Select(t => scope is null ? WithTemplate(t, ResourceNaming.WrapUri(i.Connector, t.UriTemplate)) : t))
                .ToList(),
        };
    }

    private async ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams> request, string? scope, ApiKey? key, CancellationToken ct)
    {
        RequireScope(key, Scopes.ResourcesRead, "read resources");
        var (connector, uri) = Route(request.Params?.Uri, scope);
        RequireConnector(key, connector, $"resource '{request.Params!.Uri}'");
        RequireResource(key, uri, $"resource '{request.Params.Uri}'");
        ReadResourceResult result;
        try
        {
            var connection = Connection(connector, request.Params!.Uri);
            result = request.JsonRpcRequest.Context?.ProtocolVersion == PerRequestMeta.Revision
                ? await roundTrips.RelayAsync(request.Server, request.Params, RequestMethods.ResourcesRead, request.Params.Uri, null, scope, key,
                    (peer, round) => connection.ReadResourceAsync(uri, ct, peer, round))
                : await connection.ReadResourceAsync(uri, ct, new SessionPeer(request.Server));
        }
        catch (McpProtocolException ex)
        {
            // Keep the upstream's code but name the URI the client used; 2026-07-28 names an unknown resource -32602
            // (SEP-2164), where a 2025 upstream answers -32002.
            var code = ex.ErrorCode == McpErrorCode.ResourceNotFound && request.JsonRpcRequest.Context?.ProtocolVersion == PerRequestMeta.Revision
                ? McpErrorCode.InvalidParams
                : ex.ErrorCode;
            throw new McpProtocolException($"{ex.Message} (resource '{request.Params!.Uri}')", code);
        }

        if (scope is null)
        {
            foreach (var content in result.Contents)
            {
                content.Uri = ResourceNaming.WrapUri(connector, content.Uri);
            }
        }

        return result;
    }

    private async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams> request, string? scope, ApiKey? key, CancellationToken ct)
    {
        RequireScope(key, Scopes.ResourcesRead, "subscribe to resources");
        var (connector, uri) = Route(request.Params?.Uri, scope);
        RequireConnector(key, connector, $"resource '{request.Params!.Uri}'");
        RequireResource(key, uri, $"resource '{request.Params.Uri}'");
        Connection(connector, request.Params!.Uri);
        await sessions.SubscribeAsync(sessions.Get(request.Server), connector, uri, ct);
        return new EmptyResult();
    }

    private async ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams> request, string? scope)
    {
        var (connector, uri) = Route(request.Params?.Uri, scope);
        await sessions.UnsubscribeAsync(sessions.Get(request.Server), connector, uri);
        return new EmptyResult();
    }

    private ValueTask<EmptyResult> SetLoggingLevelAsync(RequestContext<SetLevelRequestParams> request)
    {
        var level = request.Params?.Level ?? throw new McpProtocolException("logging/setLevel needs params.level.", McpErrorCode.InvalidParams);
        sessions.Get(request.Server).LogLevel = level;

        // Upstreams send at their most detailed level the gateway needs; the gateway filters per session.
        foreach (var status in hub.Statuses)
        {
            // A 2026-07-28 upstream need not advertise logging: it logs for requests that name a level.
            if (hub.TryGet(status.Connector, out var connection) && catalog.Current.Connectors.TryGetValue(status.Connector, out var inv)
                && (inv.Capabilities?.Logging is not null || string.CompareOrdinal(connection.ProtocolVersion, PerRequestMeta.Revision) >= 0))
            {
                _ = connection.SetLoggingLevelAsync(LoggingLevel.Debug, CancellationToken.None).AsTask().ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
            }
        }

        return ValueTask.FromResult(new EmptyResult());
    }

    /// <summary>Maps the URI a client used to (connector, upstream URI).</summary>
    private (string Connector, string Uri) Route(string? uri, string? scope)
    {
        if (string.IsNullOrEmpty(uri))
        {
            throw new McpProtocolException("A resource URI is required in params.uri.", McpErrorCode.InvalidParams);
        }

        if (scope is not null)
        {
            return (scope, uri);
        }

        if (!ResourceNaming.TryUnwrapUri(uri, out var connector, out var inner) || !catalog.Current.Connectors.ContainsKey(connector))
        {
            throw new McpProtocolException(
                $"Unknown resource '{uri}': on this endpoint resource URIs look like '{{connector}}+{{uri}}' as listed by resources/list.",
                McpErrorCode.ResourceNotFound);
        }

        return (connector, inner);
    }

    /// <summary>The connectors of the endpoint (one, or all) that the key reaches, by name.</summary>
    private IEnumerable<(string Connector, UpstreamInventory Inventory)> Inventories(string? scope, ApiKey? key) =>
        catalog.Current.Connectors
            .Where(kv => (scope is null || kv.Key == scope) && Reaches(key, kv.Key))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (kv.Key, kv.Value));

    private static Resource WithUri(Resource r, string uri) => new()
    {
        Uri = uri, Name = r.Name, Title = r.Title, Description = r.Description, MimeType = r.MimeType,
        Annotations = r.Annotations, Size = r.Size, Icons = r.Icons, Meta = r.Meta,
    };

    private static ResourceTemplate WithTemplate(ResourceTemplate t, string uriTemplate) => new()
    {
        UriTemplate = uriTemplate, Name = t.Name, Title = t.Title, Description = t.Description, MimeType = t.MimeType,
        Annotations = t.Annotations, Icons = t.Icons, Meta = t.Meta,
    };
}
