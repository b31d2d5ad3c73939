namespace McpGateway.Connectors.Configuration;

/// <summary>One problem found in a configuration file.</summary>
/// <param name="File">The file.</param>
/// <param name="Path">The YAML path, like <c>connectors.billing.command</c>.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Message">What is wrong and what would be right.</param>
public sealed record ConfigError(string File, string Path, int Line, string Message)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        return Path.Length > 0 ? $"{where}: {Path}: {Message}" : $"{where}: {Message}";
    }
}
