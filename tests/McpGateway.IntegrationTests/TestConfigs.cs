namespace McpGateway.IntegrationTests;

/// <summary>connectors.yaml fragments for tests.</summary>
internal static class TestConfigs
{
    public const string Header = """
        gateway:
          data_dir: ./data
          session_idle_timeout: 10m
        connectors:

        """;

    /// <summary>A TestUpstream child over stdio.</summary>
    public static string StdioUpstream(string name, string extra = "") => $"""
          {name}:
            kind: mcp-stdio
            command: dotnet
            args: ["{TestPaths.TestUpstreamDll}"]
        {extra}
        """;

    public static string HttpUpstream(string name, string url) => $"""
          {name}:
            kind: mcp-http
            url: {url}

        """;

    public static string WithDemo(string extra = "") => Header + StdioUpstream("demo") + extra;
}
