namespace McpGateway.Connectors.Configuration;

/// <summary>A configuration that cannot be used; carries every error found, not just the first.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception from the full list of errors.</summary>
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with one message.</summary>
    public ConfigException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with one message and a cause.</summary>
    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates an empty exception.</summary>
    public ConfigException()
    {
        Errors = [];
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
