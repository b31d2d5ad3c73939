namespace McpGateway.Flows.Definition;

/// <summary>A field of a stored connection that a tool step's arguments name: <c>{{ connections.NAME.FIELD }}</c>.</summary>
/// <param name="Name">The connection.</param>
/// <param name="Field">The field of its value.</param>
internal sealed record ConnectionReference(string Name, string Field)
{
    /// <summary>The template root.</summary>
    public const string Root = "connections";

    /// <summary>
    /// What the reference renders to in a step's arguments as stored in the run: the reference itself, so a record never
    /// holds the value and a resumed step resolves it again (<c>Execution/ConnectionArguments</c>).
    /// </summary>
    public string Marker => $"{{{{connections.{Name}.{Field}}}}}";
}
