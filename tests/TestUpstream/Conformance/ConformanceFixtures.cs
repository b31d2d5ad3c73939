using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The tools, resources, prompts and completions that the server scenarios of the official MCP conformance suite
/// (<c>@modelcontextprotocol/conformance</c> 0.2.0-alpha.12, both <c>--requirements 2025-11-25</c> and
/// <c>2026-07-28</c>) call: <c>test_*</c> tools, the SEP-2322 input-required (MRTR) tools and prompt, the SEP-2575
/// diagnostics, <c>test://</c> resources and the <c>test_prompt_*</c> prompts. Names and texts follow the suite.
/// </summary>
internal static class ConformanceFixtures
{
    /// <summary>Adds every fixture to the collections of <paramref name="options"/> and chains its completion handler.</summary>
    public static void AddTo(McpServerOptions options)
    {
        var tools = options.ToolCollection ?? throw new InvalidOperationException("ToolCollection is not set.");
        var resources = options.ResourceCollection ?? throw new InvalidOperationException("ResourceCollection is not set.");
        var prompts = options.PromptCollection ?? throw new InvalidOperationException("PromptCollection is not set.");
        foreach (var tool in ContentTools.Create()
            .Concat(ClientRequestFixtures.Create())
            .Concat(InputRequiredTools.Create())
            .Concat(new StatelessDiagnosticTools(tools, prompts).Create()))
        {
            tools.Add(tool);
        }

        foreach (var resource in ConformanceResources.Create())
        {
            resources.Add(resource);
        }

        foreach (var prompt in ConformancePrompts.Create())
        {
            prompts.Add(prompt);
        }

        options.Handlers.CompleteHandler = ConformanceCompletion.Chain(options.Handlers.CompleteHandler);
    }
}
