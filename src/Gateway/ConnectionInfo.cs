namespace McpGateway;

/// <summary>A connection (a stored credential) as the typed API shows it: never its value.</summary>
/// <param name="Name">The unique name, used as <c>${secret:name}</c>.</param>
/// <param name="Type"><c>SECRET_TEXT</c>, <c>BASIC_AUTH</c>, <c>CUSTOM_AUTH</c> or <c>OAUTH2</c>.</param>
/// <param name="DisplayName">A label, if set.</param>
/// <param name="FieldNames">The value's field names (<c>${secret:name.field}</c>).</param>
/// <param name="CreatedAt">When it was first stored.</param>
/// <param name="UpdatedAt">When its value last changed.</param>
public sealed record ConnectionInfo(string Name, string Type, string? DisplayName, IReadOnlyList<string> FieldNames, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
