using McpGateway.Connectors.Catalog;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

internal sealed partial class McpSurface
{
    private ListPromptsResult ListPrompts(string? scope) => new()
    {
        Prompts = Inventories(scope)
            .SelectMany(i => i.Inventory.Prompts.Select(p => scope is null ? WithName(p, ResourceNaming.WrapPrompt(i.Connector, p.Name)) : p))
            .ToList(),
    };

    private async ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams> request, string? scope, CancellationToken ct)
    {
        var name = request.Params?.Name;
        var (connector, inner) = RoutePrompt(name, scope);
        return await Connection(connector, name!).GetPromptAsync(inner, request.Params!.Arguments, ct);
    }

    private async ValueTask<CompleteResult> CompleteAsync(RequestContext<CompleteRequestParams> request, string? scope, CancellationToken ct)
    {
        var p = request.Params ?? throw new McpProtocolException("completion/complete needs params.", McpErrorCode.InvalidParams);
        switch (p.Ref)
        {
            case PromptReference prompt:
            {
                var (connector, inner) = RoutePrompt(prompt.Name, scope);
                var forwarded = new CompleteRequestParams { Ref = new PromptReference { Name = inner }, Argument = p.Argument, Context = p.Context };
                return await Connection(connector, prompt.Name).CompleteAsync(forwarded, ct);
            }

            case ResourceTemplateReference template:
            {
                var (connector, inner) = Route(template.Uri, scope);
                var forwarded = new CompleteRequestParams { Ref = new ResourceTemplateReference { Uri = inner }, Argument = p.Argument, Context = p.Context };
                return await Connection(connector, template.Uri!).CompleteAsync(forwarded, ct);
            }

            default:
                throw new McpProtocolException("completion/complete needs params.ref of type ref/prompt or ref/resource.", McpErrorCode.InvalidParams);
        }
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
