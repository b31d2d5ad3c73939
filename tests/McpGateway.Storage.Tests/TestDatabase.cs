namespace McpGateway.Storage.Tests;

/// <summary>A fresh database of one backend for one test: created before it, dropped after it.</summary>
public abstract class TestDatabase
{
    /// <summary>Options that point at this database.</summary>
    public abstract StorageOptions Options { get; }

    public abstract Task CreateAsync();

    public abstract Task DropAsync();
}
