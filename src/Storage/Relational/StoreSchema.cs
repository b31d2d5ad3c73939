namespace McpGateway.Storage.Relational;

/// <summary>One store's tables: its row key in <c>schema_version</c> and its migrations, oldest first.</summary>
/// <param name="Component">The row key in <c>schema_version</c>; stores sharing a database each have their own.</param>
/// <param name="Migrations">Index i is version i + 1. Never edit a shipped migration: append a new one.</param>
internal sealed record StoreSchema(string Component, IReadOnlyList<string> Migrations)
{
    /// <summary>The version this code writes.</summary>
    public int LatestVersion => Migrations.Count;
}
