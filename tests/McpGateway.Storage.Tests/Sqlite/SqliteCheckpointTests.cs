using System.Data.Common;
using McpGateway.Storage.Relational;
using McpGateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>A store on the tool-call path checkpoints its WAL in the background, not inline on a commit.</summary>
public sealed class SqliteCheckpointTests : IDisposable
{
    private static readonly StoreSchema Schema = new("checkpoint_test", ["CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"]);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mcpgw-checkpoint-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task BackgroundCheckpoints_Connections_DeferTheAutomaticCheckpoint()
    {
        await using var database = new SqliteDatabase(Path.Combine(_directory.FullName, "a.db"), Schema, NullLogger.Instance, backgroundCheckpoints: true);
        await database.InitializeAsync(CancellationToken.None);

        await using var connection = await database.OpenAsync(CancellationToken.None);

        Assert.Equal(16384L, await ScalarAsync(connection, "PRAGMA wal_autocheckpoint"));
    }

    [Fact]
    public async Task BackgroundCheckpoints_CommittedPages_ReachTheDatabaseFileWithoutAnInlineCheckpoint()
    {
        var path = Path.Combine(_directory.FullName, "b.db");
        await using var database = new SqliteDatabase(path, Schema, NullLogger.Instance, backgroundCheckpoints: true);
        await database.InitializeAsync(CancellationToken.None);
        await using var holder = await HoldOpenAsync(path);
        var before = new FileInfo(path).Length;

        await InsertAsync(database, rows: 200); // ~60 pages: far below any automatic checkpoint

        await GrowsAsync(path, before);
    }

    [Fact]
    public async Task DefaultDatabase_CommittedPages_StayInTheWal()
    {
        // The control, beside a database with the checkpointer: once that one's checkpoint has run, this one's
        // pages are still only in its WAL.
        var path = Path.Combine(_directory.FullName, "c.db");
        var checkpointed = Path.Combine(_directory.FullName, "d.db");
        await using var database = new SqliteDatabase(path, Schema, NullLogger.Instance);
        await using var withCheckpointer = new SqliteDatabase(checkpointed, Schema, NullLogger.Instance, backgroundCheckpoints: true);
        await database.InitializeAsync(CancellationToken.None);
        await withCheckpointer.InitializeAsync(CancellationToken.None);
        await using var holder = await HoldOpenAsync(path);
        await using var otherHolder = await HoldOpenAsync(checkpointed);
        var before = new FileInfo(path).Length;
        var otherBefore = new FileInfo(checkpointed).Length;

        await InsertAsync(database, rows: 200);
        await InsertAsync(withCheckpointer, rows: 200);
        SqliteConnection.ClearAllPools(); // as other tests do meanwhile: closes the pooled connections, not the holders
        await GrowsAsync(checkpointed, otherBefore);

        Assert.Equal(before, new FileInfo(path).Length); // only a checkpoint grows the file
    }

    private static async Task GrowsAsync(string path, long before)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(path).Length <= before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(new FileInfo(path).Length > before, "the checkpointer never copied the WAL into the database file");
    }

    // The last connection to a WAL database checkpoints as it closes, and other tests clear the connection pools at any
    // time: an idle connection of our own keeps that from copying the WAL, so only a real checkpoint can.
    private static async Task<SqliteConnection> HoldOpenAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await ScalarAsync(connection, "SELECT count(*) FROM sqlite_master"); // opening reads nothing; this joins the WAL
        return connection;
    }

    private static async Task InsertAsync(SqliteDatabase database, int rows)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        for (var i = 0; i < rows; i++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO items (body) VALUES ($body)";
            var body = command.CreateParameter();
            body.ParameterName = "$body";
            body.Value = new string('x', 1000);
            command.Parameters.Add(body);
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
