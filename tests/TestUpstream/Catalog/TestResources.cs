using System.ComponentModel;
using ModelContextProtocol.Server;

namespace TestUpstream.Catalog;

/// <summary>The static resource <c>test://static/hello</c> and the template <c>test://items/{id}</c>.</summary>
internal static class TestResources
{
    public const string HelloUri = "test://static/hello";
    public const string ItemTemplate = "test://items/{id}";

    public static IEnumerable<McpServerResource> Create()
    {
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
