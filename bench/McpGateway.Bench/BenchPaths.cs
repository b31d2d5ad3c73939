namespace McpGateway.Bench;

/// <summary>Where the Release builds the bench runs live; the bench builds nothing itself.</summary>
internal sealed record BenchPaths(string RepoRoot, string GatewayDll, string UpstreamDll)
{
    public const string BuildHint = "build them first: dotnet build -c Release McpGateway.sln";

    /// <summary>The gateway with a choice of MCP front (targets front-endpoint, front-mapmcp); not in the solution.</summary>
    public string FrontHostDll => Path.Combine(RepoRoot, "bench/McpGateway.Bench.MapMcp/bin/Release/net10.0/McpGateway.Bench.MapMcp.dll");

    /// <summary>
    /// Finds the repository and both Release builds (or <paramref name="gatewayDll"/> instead of the gateway's); returns
    /// null and sets <paramref name="error"/> if one is missing.
    /// </summary>
    public static BenchPaths? Find(string? repoRoot, string? gatewayDll, out string? error)
    {
        var root = repoRoot ?? FindRoot(Environment.CurrentDirectory) ?? FindRoot(AppContext.BaseDirectory);
        if (root is null || !File.Exists(Path.Combine(root, "McpGateway.sln")))
        {
            error = "cannot find the repository root (McpGateway.sln); run from inside it or pass --repo PATH";
            return null;
        }

        var paths = new BenchPaths(
            Path.GetFullPath(root),
            gatewayDll ?? Path.GetFullPath(Path.Combine(root, "src/McpGateway/bin/Release/net10.0/mcpgw.dll")),
            Path.GetFullPath(Path.Combine(root, "tests/TestUpstream/bin/Release/net10.0/TestUpstream.dll")));
        var missing = new[] { paths.GatewayDll, paths.UpstreamDll }.Where(p => !File.Exists(p)).ToList();
        error = missing.Count == 0 ? null : $"missing Release build(s):\n  {string.Join("\n  ", missing)}\n{BuildHint}";
        return missing.Count == 0 ? paths : null;
    }

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGateway.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
