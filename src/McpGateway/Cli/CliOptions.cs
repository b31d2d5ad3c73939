using System.CommandLine;

namespace McpGateway.Cli;

/// <summary>Options shared by several commands.</summary>
internal static class CliOptions
{
    public static Option<string> Config() => new("--config", "-c")
    {
        Description = "Path to connectors.yaml",
        DefaultValueFactory = _ => "connectors.yaml",
    };
}
