namespace McpGateway.Connectors.Configuration;

/// <summary>One named query of a <c>sql</c> connector (<c>queries.{name}</c>): a tool of that name.</summary>
public sealed record SqlQueryConfig
{
    /// <summary>The SQL text, with <c>:name</c> parameters bound as ADO.NET parameters (never spliced into the text).</summary>
    public required string Sql { get; init; }

    /// <summary>The tool's description.</summary>
    public string? Description { get; init; }

    /// <summary>The parameters' JSON Schema (an object schema whose properties type the <c>:name</c> parameters), as JSON text.</summary>
    public string ParametersJson { get; init; } = """{"type":"object","properties":{}}""";

    /// <summary>False (the default) runs the query in a read-only transaction, so a write fails in the database.</summary>
    public bool AllowWrite { get; init; }

    /// <summary>At most this many rows are returned (the result says when it was capped).</summary>
    public int MaxRows { get; init; } = 1000;
}
