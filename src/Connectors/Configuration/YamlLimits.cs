namespace McpGateway.Connectors.Configuration;

/// <summary>
/// What a YAML document (<c>connectors.yaml</c>, a flow file) may cost to read, in one place. Real files are far
/// inside these; they bound what a broken or hostile one can take: stack (nesting), memory (size, alias expansion).
/// </summary>
public static class YamlLimits
{
    /// <summary>The largest document, in characters (4 MB).</summary>
    public const int MaxDocumentLength = 4 * 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The most nodes aliases may add, counting an alias as every node of what it names, each time it is used (an
    /// "alias bomb" of nine nested aliases, each used ten times, would add a billion).
    /// </summary>
    public const int MaxAliasedNodes = 100_000;
}
