using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Tools;

/// <summary>
/// <c>add_resource</c> / <c>add_prompt</c>: grow the shared resource and prompt collections at run time, so the SDK
/// sends <c>notifications/resources/list_changed</c> and <c>notifications/prompts/list_changed</c>.
/// </summary>
internal sealed class DynamicCatalog(McpServerResourceCollection resources, McpServerPrimitiveCollection<McpServerPrompt> prompts)
{
    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(AddResource, new() { Name = "add_resource", Description = "Adds a text resource.", Destructive = false });
        yield return McpServerTool.Create(AddPrompt, new() { Name = "add_prompt", Description = "Adds a fixed prompt.", Destructive = false });
    }

    private CallToolResult AddResource([Description("The resource URI.")] string uri, [Description("Its text.")] string text)
    {
        var resource = McpServerResource.Create(() => text, new McpServerResourceCreateOptions { UriTemplate = uri, Name = uri, MimeType = "text/plain" });
        return resources.TryAdd(resource) ? ToolResults.Text($"added {uri}") : ToolResults.Error($"'{uri}' already exists");
    }

    private CallToolResult AddPrompt([Description("The prompt name.")] string name)
    {
        var prompt = McpServerPrompt.Create(
            () => new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = $"prompt {name}" } },
            new McpServerPromptCreateOptions { Name = name });
        return prompts.TryAdd(prompt) ? ToolResults.Text($"added {name}") : ToolResults.Error($"'{name}' already exists");
    }
}
