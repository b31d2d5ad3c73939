namespace McpGateway.IntegrationTests.Clients;

/// <summary>A theory that runs the TypeScript SDK v2 client of tests/clients; skipped without its npm install.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class TsClientTheoryAttribute : TheoryAttribute
{
    public TsClientTheoryAttribute()
    {
        if (!TsClient.Installed)
        {
            Skip = TsClient.NotInstalled;
        }
    }
}
