using McpGateway.Policy.Callers;
using ModelContextProtocol.Server;

namespace McpGateway.Mcp;

internal sealed partial class McpSurface
{
    /// <summary>
    /// A registered MCP server (<c>/s/{name}/mcp</c>) exposes the tools its globs pick and nothing else: the upstreams'
    /// resources, prompts and completions are not part of what its token grants.
    /// </summary>
    private static void LimitToTools(McpServerOptions options, ApiKey? key)
    {
        if (key is null || !McpServerToken.IsServerKey(key))
        {
            return;
        }

        options.Capabilities!.Resources = null;
        options.Capabilities.Prompts = null;
        options.Capabilities.Completions = null;
        var handlers = options.Handlers;
        handlers.ListResourcesHandler = null;
        handlers.ListResourceTemplatesHandler = null;
        handlers.ReadResourceHandler = null;
        handlers.SubscribeToResourcesHandler = null;
        handlers.UnsubscribeFromResourcesHandler = null;
        handlers.ListPromptsHandler = null;
        handlers.GetPromptHandler = null;
        handlers.CompleteHandler = null;
    }
}
