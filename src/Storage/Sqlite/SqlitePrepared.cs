using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>Commands prepared once on a long-lived write connection and reused: a write only sets values and steps.</summary>
internal static class SqlitePrepared
{
    /// <summary>A prepared command for <paramref name="sql"/> with one parameter per name, in that order.</summary>
    public static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}
