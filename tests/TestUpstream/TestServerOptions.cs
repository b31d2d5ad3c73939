using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.Catalog;
using TestUpstream.Conformance;
using TestUpstream.Sessions;
using TestUpstream.State;
using TestUpstream.Tools;

namespace TestUpstream;

/// <summary>
/// Builds the one <see cref="McpServerOptions"/> every session of this process shares, so a change to
/// its tool collection reaches every session.
/// </summary>
internal static class TestServerOptions
{
    public static McpServerOptions Create(SessionRegistry sessions, string? protocolVersion)
    {
        var stats = new CallStats();
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        var resources = new McpServerResourceCollection();
        foreach (var resource in TestResources.Create())
        {
            resources.Add(resource);
        }

        var prompts = new McpServerPrimitiveCollection<McpServerPrompt>();
        foreach (var prompt in TestPrompts.Create())
        {
            prompts.Add(prompt);
        }

        var subscriptions = new SubscriptionHandlers(sessions);
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "test-upstream", Version = "1.0.0" },
            ProtocolVersion = protocolVersion,
            Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability { ListChanged = true },
                Resources = new ResourcesCapability { Subscribe = true, ListChanged = true },
                Prompts = new PromptsCapability { ListChanged = true },
                Logging = new LoggingCapability(),
                Completions = new CompletionsCapability(),
            },
            ToolCollection = tools,
            ResourceCollection = resources,
            PromptCollection = prompts,
            Handlers = new McpServerHandlers
            {
                CompleteHandler = CompletionHandler.CompleteAsync,
                SubscribeToResourcesHandler = subscriptions.SubscribeAsync,
                UnsubscribeFromResourcesHandler = subscriptions.UnsubscribeAsync,
            },
        };

        options.Filters.Message.IncomingFilters.Add(ListenSubscriptionFilter.Create(sessions));
        options.Filters.Request.CallToolFilters.Add(next => (context, cancellationToken) =>
        {
            stats.RecordCall(context.Params?.Name ?? string.Empty);
            return next(context, cancellationToken);
        });

        foreach (var tool in new BasicTools(stats).Create()
            .Concat(ClientRequestTools.Create())
            .Concat(MrtrTools.Create())
            .Concat(new DynamicTools(tools).Create())
            .Concat(new DynamicCatalog(resources, prompts).Create())
            .Concat(new NotificationTools(sessions).Create())
            .Concat(new ProcessTools(stats).Create())
            .Concat(StatefulTools.Create(stats)))
        {
            tools.Add(tool);
        }

        ConformanceFixtures.AddTo(options);
        TaskFixtures.AddTo(options);
        return options;
    }
}
