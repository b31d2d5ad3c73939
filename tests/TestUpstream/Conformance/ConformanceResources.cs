using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The suite's resources: <c>test://static-text</c>, <c>test://static-binary</c>, <c>test://watched-resource</c>
/// (for resources/subscribe) and the template <c>test://template/{id}/data</c>.
/// </summary>
internal static class ConformanceResources
{
    public static IEnumerable<McpServerResource> Create()
    {
        yield return McpServerResource.Create(
            () => new TextResourceContents
            {
                Uri = "test://static-text", MimeType = "text/plain", Text = "This is the content of the static text resource.",
            },
            new McpServerResourceCreateOptions
            {
                UriTemplate = "test://static-text", Name = "static-text", Title = "Static Text Resource",
                Description = "A static text resource.", MimeType = "text/plain",
            });
        yield return McpServerResource.Create(
            () => BlobResourceContents.FromBytes(ConformanceMedia.Png, "test://static-binary", "image/png"),
            new McpServerResourceCreateOptions
            {
                UriTemplate = "test://static-binary", Name = "static-binary", Title = "Static Binary Resource",
                Description = "A static binary resource (PNG).", MimeType = "image/png",
            });
        yield return McpServerResource.Create(
            () => new TextResourceContents { Uri = "test://watched-resource", MimeType = "text/plain", Text = "Watched resource content" },
            new McpServerResourceCreateOptions
            {
                UriTemplate = "test://watched-resource", Name = "watched-resource", Title = "Watched Resource",
                Description = "A resource that can be subscribed to.", MimeType = "text/plain",
            });
        yield return McpServerResource.Create(
            (string id) => new TextResourceContents
            {
                Uri = $"test://template/{id}/data",
                MimeType = "application/json",
                Text = $$"""{"id":"{{id}}","templateTest":true,"data":"Data for ID: {{id}}"}""",
            },
            new McpServerResourceCreateOptions
            {
                UriTemplate = "test://template/{id}/data", Name = "template", Title = "Resource Template",
                Description = "A resource template with an id parameter.", MimeType = "application/json",
            });
    }
}
