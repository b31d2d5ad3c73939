using McpGateway.Flows.Model;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Postgres;

/// <summary>
/// A PostgreSQL schema of the build before pause/resume and step ranges (runs schema version 1) gets the new columns on
/// start, keeping its runs and nodes, and the new fields are stored from then on.
/// </summary>
[RequiresPostgres]
public sealed class PostgresRunStoreUpgradeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly PostgresTestDatabase _database = new();

    public Task InitializeAsync() => _database.CreateAsync();

    public Task DisposeAsync() => _database.DropAsync();

    [PostgresFact]
    public async Task InitializeAsync_SchemaVersion1_AddsTheColumnsKeepingRunsAndNodes()
    {
        var first = StoreFactory.CreateRunStore(_database.Options, NullLoggerFactory.Instance);
        await using (first as IAsyncDisposable)
        {
            await first.InitializeAsync(CancellationToken.None);
            await first.CreateRunAsync(Run("run_old"), CancellationToken.None);
            await first.SaveNodeAsync(new NodeExecution { RunId = "run_old", StepKey = "a", Status = NodeStatuses.Succeeded }, CancellationToken.None);
        }

        // Back to version 1: what a database of the previous build looks like.
        var s = _database.Schema;
        await PostgresTestDatabase.ScalarAsync($"""
            ALTER TABLE "{s}".flow_runs DROP COLUMN pause_reason, DROP COLUMN from_run_id, DROP COLUMN from_step, DROP COLUMN to_step;
            ALTER TABLE "{s}".flow_nodes DROP COLUMN copied_from;
            DELETE FROM "{s}".schema_version WHERE component = 'runs' AND version = 2;
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
}
