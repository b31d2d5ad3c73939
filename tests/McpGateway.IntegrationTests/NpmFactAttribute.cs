namespace McpGateway.IntegrationTests;

/// <summary>
/// A fact that needs the npm packages of tests/conformance (the conformance suite, server-everything,
/// Node 22). Without them the test is reported skipped, not silently passed; CI runs <c>npm ci</c> there first.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        if (!Directory.Exists(Path.Combine(TestPaths.ConformanceDir, "node_modules")))
        {
            Skip = "npm packages missing: run npm ci in tests/conformance (.ci/run does)";
        }
    }
}
