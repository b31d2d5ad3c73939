using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using Microsoft.Data.Sqlite;
using ModelContextProtocol;
using Npgsql;

namespace McpGateway.Connectors.Upstreams.Sql;

/// <summary>
/// Runs one query on a connection of its own. Read-only is enforced by the database, not by reading the SQL: on
/// PostgreSQL the transaction is <c>SET TRANSACTION READ ONLY</c> in a session whose every transaction is read-only, on
/// SQLite the connection is opened <c>Mode=ReadOnly</c>.
/// What the database refuses (a write in a read query, a constraint) is a tool error; failing to reach it at all is an
/// upstream error (retried when safe).
/// </summary>
internal sealed class SqlExecutor(SqlDatabase database, string connectionString, string baseDirectory)
{
    private readonly string _readOnly = database == SqlDatabase.Sqlite ? Sqlite(connectionString, baseDirectory, SqliteOpenMode.ReadOnly) : PostgresReadOnly(connectionString);
    private readonly string _readWrite = database == SqlDatabase.Sqlite ? Sqlite(connectionString, baseDirectory, SqliteOpenMode.ReadWrite) : connectionString;

    /// <summary>The structured result, or the database's refusal as a sentence.</summary>
    public async Task<(JsonObject? Structured, string? Error)> RunAsync(SqlQuery query, IDictionary<string, JsonElement> arguments, CancellationToken ct)
    {
        await using var connection = Connect(query.Config.AllowWrite);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (DbException ex)
        {
            throw new McpProtocolException($"The database could not be reached: {ex.Message}", McpErrorCode.InternalError);
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            if (database == SqlDatabase.Postgres && !query.Config.AllowWrite)
            {
                await using var readOnly = connection.CreateCommand();
                readOnly.Transaction = transaction;
                readOnly.CommandText = "SET TRANSACTION READ ONLY";
                await readOnly.ExecuteNonQueryAsync(ct);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = query.Statement.Text;
            foreach (var name in query.Statement.Parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = SqlValues.Bind(name, arguments.TryGetValue(name, out var v) ? v : default, query.Types.GetValueOrDefault(name, "string"));
                command.Parameters.Add(parameter);
            }

            var result = await ReadAsync(command, query.Config.MaxRows, ct);
            await transaction.CommitAsync(ct);
            return (result, null);
        }
        catch (DbException ex) when (IsRefusal(ex))
        {
            return (null, $"The database refused the query '{query.Name}': {ex.Message}");
        }
        catch (DbException ex)
        {
            throw new McpProtocolException($"The database failed during '{query.Name}': {ex.Message}", McpErrorCode.InternalError);
        }
    }

    private static async Task<JsonObject> ReadAsync(DbCommand command, int maxRows, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new JsonArray();
        var truncated = false;
        var returnsRows = reader.FieldCount > 0;
        while (await reader.ReadAsync(ct))
        {
            if (rows.Count == maxRows)
            {
                truncated = true;
                break;
            }

            var row = new JsonObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = SqlValues.Read(await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        await reader.CloseAsync();
        var result = new JsonObject { ["rows"] = rows, ["row_count"] = returnsRows ? rows.Count : Math.Max(reader.RecordsAffected, 0) };
        if (truncated)
        {
            result["truncated"] = true;
        }

        return result;
    }

    private DbConnection Connect(bool write) => database == SqlDatabase.Postgres
        ? new NpgsqlConnection(write ? _readWrite : _readOnly)
        : new SqliteConnection(write ? _readWrite : _readOnly);

    // The server answered with an error about this statement (PostgreSQL), or SQLite refused it (not "cannot open").
    private static bool IsRefusal(DbException ex) => ex switch
    {
        PostgresException => true,
        SqliteException s => s.SqliteErrorCode is not (14 or 5 or 6), // CANTOPEN, BUSY, LOCKED: try again later
        _ => false,
    };

    // Every transaction of a read-only session is read-only too, so SQL that ends the query's own transaction (COMMIT; …)
    // still cannot write. Its own pool: these sessions are never handed to a write query.
    private static string PostgresReadOnly(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim();
        return builder.ToString();
    }

    private static string Sqlite(string connectionString, string baseDirectory, SqliteOpenMode mode)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = mode };
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(baseDirectory, file));
        }

        return builder.ToString();
    }
}
