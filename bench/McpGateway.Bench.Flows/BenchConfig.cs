namespace McpGateway.Bench.Flows;

/// <summary>A connectors.yaml in a temp directory: SQLite stores there, the demo upstream from the Release build.</summary>
internal static class BenchConfig
{
    public static string Write(string dir)
    {
        var repo = FindRepo();
        var upstream = Path.Combine(repo, "tests", "TestUpstream", "bin", "Release", "net10.0", "TestUpstream.dll");
        if (!File.Exists(upstream))
        {
            throw new FileNotFoundException($"Build first: dotnet build -c Release McpGateway.sln ({upstream} is missing).");
        }

        var path = Path.Combine(dir, "connectors.yaml");
        File.WriteAllText(path, $"""
            gateway:
              data_dir: ./data
              flows_dir: ./flows
              max_concurrent_runs: 16
            connectors:
              demo:
                kind: mcp-stdio
                command: dotnet
                args: ["{upstream}"]
                env:
                  TESTUPSTREAM_STATE_DIR: "{Path.Combine(dir, "upstream")}"
            """);
        return path;
    }

    public static async Task WaitForToolAsync(Gateway gateway, string tool)
    {
        for (var i = 0; i < 300; i++)
        {
            if ((await gateway.GetAgentToolsAsync()).Any(t => t.Name == tool))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{tool} did not appear within 30 s.");
    }

    private static string FindRepo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "McpGateway.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository.");
    }
}
