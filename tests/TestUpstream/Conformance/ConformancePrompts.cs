#pragma warning disable MCPEXP001 // Multi Round-Trip Requests (SEP-2322) are experimental in the SDK.

using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The suite's prompts: <c>test_simple_prompt</c>, <c>test_prompt_with_arguments</c>,
/// <c>test_prompt_with_embedded_resource</c>, <c>test_prompt_with_image</c> and the SEP-2322
/// <c>test_input_required_result_prompt</c> (asks for <c>user_context</c> first).
/// </summary>
internal static class ConformancePrompts
{
    public const string WithArguments = "test_prompt_with_arguments";

    public static IEnumerable<McpServerPrompt> Create()
    {
        yield return McpServerPrompt.Create(
            () => User(new TextContentBlock { Text = "This is a simple prompt for testing." }),
            new() { Name = "test_simple_prompt", Title = "Simple Test Prompt", Description = "A prompt without arguments." });
        yield return McpServerPrompt.Create(
            ([Description("First test argument")] string arg1, [Description("Second test argument")] string arg2) =>
                User(new TextContentBlock { Text = $"Prompt with arguments: arg1='{arg1}', arg2='{arg2}'" }),
            new() { Name = WithArguments, Title = "Prompt With Arguments", Description = "A prompt with two required arguments." });
        yield return McpServerPrompt.Create(
            ([Description("URI of the resource to embed")] string resourceUri) => new[]
            {
                User(new EmbeddedResourceBlock
                {
                    Resource = new TextResourceContents { Uri = resourceUri, MimeType = "text/plain", Text = "Embedded resource content for testing." },
                }),
                User(new TextContentBlock { Text = "Please process the embedded resource above." }),
            },
            new() { Name = "test_prompt_with_embedded_resource", Title = "Prompt With Embedded Resource", Description = "A prompt that embeds a resource." });
        yield return McpServerPrompt.Create(
            () => new[]
            {
                User(ImageContentBlock.FromBytes(ConformanceMedia.Png, "image/png")),
                User(new TextContentBlock { Text = "Please analyze the image above." }),
            },
            new() { Name = "test_prompt_with_image", Title = "Prompt With Image", Description = "A prompt with image content." });
        yield return McpServerPrompt.Create(
            InputRequired,
            new() { Name = "test_input_required_result_prompt", Description = "Asks for context (key user_context) before it answers." });
    }

    private static PromptMessage User(ContentBlock content) => new() { Role = Role.User, Content = content };

    private static PromptMessage InputRequired(RequestContext<GetPromptRequestParams> context) =>
        InputRequiredTools.ElicitedText(context.Params, "user_context", "context") is { } userContext
            ? User(new TextContentBlock { Text = $"Prompt with context: {userContext}" })
            : throw new InputRequiredException(
                new Dictionary<string, InputRequest>
                {
                    ["user_context"] = InputRequiredTools.AskText("What context should the prompt use?", "context"),
                },
                requestState: null);
}
