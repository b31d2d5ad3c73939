using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>One operation of the document as a tool: its definition and how its arguments become an HTTP request.</summary>
/// <param name="Tool">The tool as listed (name, description, schemas, annotations).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path template, like <c>/pets/{petId}</c>.</param>
/// <param name="Parameters">The operation's parameters, each an argument of the tool.</param>
/// <param name="BodyArgument">The argument carrying the request body, or null when the operation takes none.</param>
/// <param name="BodyMediaType">The body's media type (JSON is preferred when the operation offers it).</param>
/// <param name="WrapsOutput">True when the 2xx answer is not a JSON object, so the structured result is <c>{result: …}</c>.</param>
internal sealed record OpenApiEndpoint(
    Tool Tool, HttpMethod Method, string Path, IReadOnlyList<OpenApiArgument> Parameters, string? BodyArgument, string? BodyMediaType, bool WrapsOutput);

