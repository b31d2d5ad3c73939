using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Callers;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using ModelContextProtocol;

namespace McpGateway.Mcp;

internal sealed partial class McpSurface
{
    private ListPromptsResult ListPrompts(string? scope, ApiKey? key)
    {
        RequireScope(key, Scopes.PromptsRead, "list prompts");
        return new ListPromptsResult
        {
            Prompts = Inventories(scope, key)
                .SelectMany(i => i.Inventory.Prompts.Select(p => scope is null ? WithName(p, ResourceNaming.WrapPrompt(i.Connector, p.Name)) : p))
                .ToList(),
        };
    }

    private async ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, string? scope, ApiKey? key, CancellationToken ct)
    {
        RequireScope(key, Scopes.PromptsRead, "get prompts");
        var name = request.Params?.Name;
        var (connector, inner) = RoutePrompt(name, scope);
        RequireConnector(key, connector, $"prompt '{name}'");
        if (request.Params!.Arguments is { Count: > 0 } arguments && key is { Resources.Count: > 0 } &&
            KeyAccess.ResourceOutside(key, JsonSerializer.SerializeToNode(arguments)!.AsObject()) is { } outside)
        {
            throw Refused($"Key '{key.Name}' may not get prompt '{name}' with {outside}: it is limited to resources {string.Join(", ", key.Resources)}.");
        }

        var connection = Connection(connector, name!);
        var forwarded = request.Params.Arguments;
        return request.JsonRpcRequest.Context?.ProtocolVersion == PerRequestMeta.Revision
            ? await roundTrips.RelayAsync(request.Server, request.Params, RequestMethods.PromptsGet, name!, forwarded, scope, key,
                (peer, round) => connection.GetPromptAsync(inner, forwarded, ct, peer, round))
            : await connection.GetPromptAsync(inner, forwarded, ct, new SessionPeer(request.Server));
    }

    private async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, string? scope, ApiKey? key, CancellationToken ct)
    {
        var p = request.Params ?? throw new McpProtocolException("completion/complete needs params.", McpErrorCode.InvalidParams);
        switch (p.Ref)
        {
            case PromptReference prompt:
            {
                RequireScope(key, Scopes.PromptsRead, "complete prompt arguments");
                var (connector, inner) = RoutePrompt(prompt.Name, scope);
                RequireConnector(key, connector, $"prompt '{prompt.Name}'");
                var forwarded = new CompleteRequestParams { Ref = new PromptReference { Name = inner }, Argument = p.Argument, Context = p.Context };
                var completed = await Connection(connector, prompt.Name).CompleteAsync(forwarded, ct);

                // An id argument's suggestions would list the very ids the key's resources gate keeps from it.
                return p.Argument?.Name is { } argument && argument.EndsWith("_id", StringComparison.Ordinal) ? OnlyResources(completed, key) : completed;
            }

            case ResourceTemplateReference template:
            {
                RequireScope(key, Scopes.ResourcesRead, "complete resource template arguments");
                var (connector, inner) = Route(template.Uri, scope);
                RequireConnector(key, connector, $"resource template '{template.Uri}'");
                var forwarded = new CompleteRequestParams { Ref = new ResourceTemplateReference { Uri = inner }, Argument = p.Argument, Context = p.Context };

                // A template's arguments are segments of the URIs it makes: under a resources gate, only its ids are suggested.
                return OnlyResources(await Connection(connector, template.Uri!).CompleteAsync(forwarded, ct), key);
            }

            default:
                throw new McpProtocolException("completion/complete needs params.ref of type ref/prompt or ref/resource.", McpErrorCode.InvalidParams);
        }
    }

    /// <summary>The completion with only the values the key's <c>resources</c> gate names (all of them without a gate).</summary>
    private static CompleteResult OnlyResources(CompleteResult result, ApiKey? key)
    {
        if (key is not { Resources.Count: > 0 })
        {
            return result;
        }

        var values = result.Completion.Values.Where(v => KeyAccess.IsResource(key, v)).ToList();
        return new CompleteResult { Completion = new Completion { Values = values, Total = values.Count, HasMore = false }, Meta = result.Meta };
    }

    private (string Connector, string Name) RoutePrompt(string? name, string? scope)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new McpProtocolException("A prompt name is required in params.name.", McpErrorCode.InvalidParams);
        }

        if (scope is not null)
        {
            return (scope, name);
        }

        if (!ResourceNaming.TryUnwrapPrompt(name, out var connector, out var inner) || !catalog.Current.Connectors.ContainsKey(connector))
        {
            throw new McpProtocolException($"Unknown prompt '{name}': on this endpoint prompts are named '{{connector}}__{{prompt}}' as listed by prompts/list.", McpErrorCode.InvalidParams);
        }

        return (connector, inner);
    }

    private static Prompt WithName(Prompt p, string name) => new()
    {
        Name = name, Title = p.Title, Description = p.Description, Arguments = p.Arguments, Icons = p.Icons, Meta = p.Meta,
    };
}
