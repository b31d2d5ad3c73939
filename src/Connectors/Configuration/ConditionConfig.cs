namespace McpGateway.Connectors.Configuration;

/// <summary>
/// One condition as written in <c>connectors.yaml</c>: either a field shorthand (<c>balance: "&gt; 0"</c>, with
/// <see cref="Field"/> set) or a whole expression (<see cref="Field"/> null). Policy compiles and checks it.
/// </summary>
/// <param name="Field">The state field the shorthand compares, or null for a whole expression.</param>
/// <param name="Text">The shorthand's operator and value, or the expression.</param>
/// <param name="Path">Where it is in the file, for errors.</param>
/// <param name="Line">Its line, for errors.</param>
public sealed record ConditionConfig(string? Field, string Text, string Path, int Line);
