namespace McpGateway.IntegrationTests.Clients;

/// <summary>
/// A fact that runs the TypeScript SDK v2 client of tests/clients. Without its npm install the test is reported
/// skipped, not silently passed; CI runs <c>npm ci</c> there first.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
internal sealed class TsClientFactAttribute : FactAttribute
{
    public TsClientFactAttribute()
    {
        if (!TsClient.Installed)
        {
            Skip = TsClient.NotInstalled;
        }
    }
}
