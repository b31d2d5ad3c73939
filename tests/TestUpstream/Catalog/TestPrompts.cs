using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Catalog;

/// <summary>The prompt <c>greet(name)</c>.</summary>
internal static class TestPrompts
{
    public const string GreetName = "greet";

    public static IEnumerable<McpServerPrompt> Create()
    {
        yield return McpServerPrompt.Create(
            ([Description("Who to greet.")] string name) =>
                new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = $"Hello, {name}!" } },
            new McpServerPromptCreateOptions { Name = GreetName, Description = "Greets someone by name." });
    }
}
