namespace McpGateway.IntegrationTests;

/// <summary>Where the built gateway, test upstream and repository live, relative to this test assembly.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Debug or Release: the same configuration this test assembly was built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string GatewayDll => Built("src/McpGateway", "mcpgw.dll");

    public static string TestUpstreamDll => Built("tests/TestUpstream", "TestUpstream.dll");

    public static string ConformanceDir => Path.Combine(RepoRoot, "tests", "conformance");

    private static string Built(string project, string dll)
    {
        var path = Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {project} first: {path} is missing.");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("McpGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
