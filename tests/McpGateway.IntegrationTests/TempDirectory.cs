namespace McpGateway.IntegrationTests;

/// <summary>A directory of a test's own (an upstream's durable state, say), deleted with everything in it on dispose.</summary>
internal sealed class TempDirectory(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
