namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>An OpenAPI document that cannot be read or used; the message says why (it never holds a secret).</summary>
internal sealed class OpenApiSpecException(string message) : Exception(message);
