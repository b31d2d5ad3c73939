using Microsoft.OpenApi;

namespace McpGateway.Connectors.Upstreams.OpenApi;

/// <summary>A parameter of an operation: the tool argument's name, the HTTP name and where it goes.</summary>
internal sealed record OpenApiArgument(string Argument, string Name, ParameterLocation Location);
