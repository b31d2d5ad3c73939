using McpGateway.Flows.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// A file of the build before pause/resume and step ranges (runs schema version 1) gets the new columns on start,
/// keeping its runs and nodes (the new fields empty), and the new fields are stored from then on.
/// </summary>
public sealed class SqliteRunStoreUpgradeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DropAsync();

    [Fact]
    public async Task InitializeAsync_FileOfSchemaVersion1_AddsTheColumnsKeepingRunsAndNodes()
    {
        var first = StoreFactory.CreateRunStore(_database.Options, NullLoggerFactory.Instance);
        await using (first as IAsyncDisposable)
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.CreateRunAsync(Run("run_old"), CancellationToken.None);
            await first.SaveNodeAsync(new NodeExecution { RunId = "run_old", StepKey = "a", Status = NodeStatuses.Succeeded }, CancellationToken.None);
        }

        // Back to version 1: what a file of the previous build looks like.
        Execute("""
            ALTER TABLE flow_runs DROP COLUMN pause_reason; ALTER TABLE flow_runs DROP COLUMN from_run_id;
            ALTER TABLE flow_runs DROP COLUMN from_step; ALTER TABLE flow_runs DROP COLUMN to_step;
            ALTER TABLE flow_nodes DROP COLUMN copied_from; DELETE FROM schema_version WHERE component = 'runs' AND version = 2;
            """);

        var store = StoreFactory.CreateRunStore(_database.Options, NullLoggerFactory.Instance);
        await using var disposeStore = (IAsyncDisposable)store;
        await store.InitializeAsync(CancellationToken.None);

        var old = await store.GetRunAsync("run_old", CancellationToken.None);
        Assert.NotNull(old);
        Assert.Null(old.PauseReason);
        Assert.Null(Assert.Single(await store.ListNodesAsync("run_old", CancellationToken.None)).CopiedFrom);
        await store.CreateRunAsync(Run("run_new") with { FromRunId = "run_old", FromStep = "b", ToStep = "c" }, CancellationToken.None);
        Assert.True(await store.RequestPauseAsync("run_new", "paused by alice", CancellationToken.None));
        var added = (await store.GetRunAsync("run_new", CancellationToken.None))!;
        Assert.Equal(("run_old", "b", "c", "paused by alice"), (added.FromRunId, added.FromStep, added.ToStep, added.PauseReason));
    }

    private static FlowRun Run(string id) => new()
    {
        Id = id, FlowId = "flw_1", FlowName = "f", Version = 1, Environment = RunEnvironments.Production, Origin = RunOrigins.Api, CreatedAt = T0,
    };

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_database.DatabasePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        SqliteConnection.ClearAllPools();
    }
}
