using System.Data;
using System.Data.Common;

namespace McpGateway.Storage.Relational;

/// <summary>
/// Commands and typed parameters that both backends accept (<c>@name</c> placeholders). Every value is bound, never
/// spliced into the SQL; a null is bound with its type so PostgreSQL never has to guess it.
/// </summary>
internal static class DbCommandExtensions
{
    /// <summary>A command on <paramref name="connection"/>, enlisted in <paramref name="transaction"/> if any.</summary>
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Binds a text value or null.</summary>
    public static void AddText(this DbCommand command, string name, string? value) => command.Add(name, DbType.String, value);

    /// <summary>Binds an integer.</summary>
    public static void AddInt32(this DbCommand command, string name, int value) => command.Add(name, DbType.Int32, value);

    /// <summary>Binds a boolean (an integer 0 or 1 in SQLite).</summary>
    public static void AddBoolean(this DbCommand command, string name, bool value) => command.Add(name, DbType.Boolean, value);

    /// <summary>Binds a value of an explicit type; null becomes SQL NULL.</summary>
    public static void Add(this DbCommand command, string name, DbType type, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
