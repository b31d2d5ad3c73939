namespace McpGateway.Cli;

/// <summary>What <c>-o</c> asks for: a table for people, JSON or YAML for scripts.</summary>
internal enum OutputFormat
{
    /// <summary>Columns with a header row (colour on a terminal).</summary>
    Table,

    /// <summary>The REST answer as indented, unescaped JSON.</summary>
    Json,

    /// <summary>The REST answer as YAML.</summary>
    Yaml,
}
