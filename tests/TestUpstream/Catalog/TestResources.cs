using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.Conformance;

namespace TestUpstream.Catalog;

/// <summary>
/// The static resource <c>test://static/hello</c>, the template <c>test://items/{id}</c>, and <c>test://ask/context</c>,
/// which a 2026-07-28 read gets only after answering an <c>InputRequiredResult</c> (key <c>user_context</c>).
/// </summary>
internal static class TestResources
{
    public const string HelloUri = "test://static/hello";
    public const string ItemTemplate = "test://items/{id}";

    public const string AskUri = "test://ask/context";

    public static IEnumerable<McpServerResource> Create()
    {
        yield return McpServerResource.Create(
            (RequestContext<ReadResourceRequestParams> context) =>
                InputRequiredTools.ElicitedText(context.Params, "user_context", "context") is { } answer && context.Params?.RequestState == "asked"
                    ? "context: " + answer
#pragma warning disable MCPEXP001 // MRTR is experimental in the SDK.
                    : throw new InputRequiredException(
                        new Dictionary<string, InputRequest> { ["user_context"] = InputRequiredTools.AskText("Which context?", "context") }, requestState: "asked"),
#pragma warning restore MCPEXP001
            new McpServerResourceCreateOptions
            {
                UriTemplate = AskUri, Name = "ask", Description = "Asks for a context before it is read (MCP 2026-07-28).", MimeType = "text/plain",
            });
        yield return McpServerResource.Create(
            () => "hello world",
            new McpServerResourceCreateOptions
            {
                UriTemplate = HelloUri, Name = "hello", Description = "A fixed text.", MimeType = "text/plain",
            });
        yield return McpServerResource.Create(
            ([Description("Item id.")] string id) => $"item {id}",
            new McpServerResourceCreateOptions
            {
                UriTemplate = ItemTemplate, Name = "item", Description = "An item by id.", MimeType = "text/plain",
            });
    }
}
