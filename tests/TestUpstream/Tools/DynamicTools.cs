using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Tools;

/// <summary>
/// <c>add_tool</c> / <c>remove_tool</c>: change the shared tool collection at run time; the SDK turns
/// the collection's Changed event into <c>notifications/tools/list_changed</c> on every session.
/// </summary>
internal sealed class DynamicTools(McpServerPrimitiveCollection<McpServerTool> tools)
{
    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(AddTool, new()
        {
            Name = "add_tool", Description = "Adds an echo-like tool with the given name.", Destructive = false,
        });
        yield return McpServerTool.Create(RemoveTool, new()
        {
            Name = "remove_tool", Description = "Removes the tool with the given name.", Destructive = true,
        });
    }

    private CallToolResult AddTool(
        [Description("Name of the new tool.")] string name,
        [Description("Description of the new tool; change it to simulate a changed definition.")] string? description = null)
    {
        var tool = McpServerTool.Create(
            ([Description("Text to return.")] string text) => text,
            new McpServerToolCreateOptions
            {
                Name = name,
                Description = description ?? $"Echoes text; added at run time as '{name}'.",
                ReadOnly = true,
                Idempotent = true,
            });
        return tools.TryAdd(tool)
            ? ToolResults.Text($"added {name}")
            : ToolResults.Error($"a tool named '{name}' already exists");
    }

    private CallToolResult RemoveTool([Description("Name of the tool to remove.")] string name) =>
        tools.TryGetPrimitive(name, out var tool) && tools.Remove(tool)
            ? ToolResults.Text($"removed {name}")
            : ToolResults.Error($"no tool named '{name}'");
}
