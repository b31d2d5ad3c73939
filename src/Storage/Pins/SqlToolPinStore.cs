using System.Data.Common;
using McpGateway.Connectors.Catalog.Pinning;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Pins;

/// <summary>
/// What the tool pin stores share: the SQL and row mapping run on the backend's <see cref="RelationalDatabase"/>; a
/// backend supplies only its schema. A write changes the pin and appends its history entry in one transaction, and is
/// conditional on the pin it expects, so replicas racing on one tool journal each change once.
/// </summary>
internal abstract class SqlToolPinStore(RelationalDatabase database) : IToolPinStore, IAsyncDisposable
{
    public ValueTask InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public ValueTask<IReadOnlyList<ToolPin>> ListAsync(string connector, CancellationToken cancellationToken) =>
        database.QueryAsync(PinSql.List, c => c.AddText("@connector", connector), ReadPin, cancellationToken);

    public async ValueTask<ToolPin?> GetAsync(string connector, string tool, CancellationToken cancellationToken)
    {
        var rows = await database.QueryAsync(PinSql.Get, c =>
        {
            c.AddText("@connector", connector);
            c.AddText("@tool", tool);
        }, ReadPin, cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    public ValueTask<bool> AddAsync(ToolPin pin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pin);
        return WriteAsync(PinSql.Insert, c => BindPin(c, pin),
            new ToolPinEvent { Connector = pin.Connector, Tool = pin.Tool, Kind = ToolPinEvent.Pinned, Hash = pin.Hash, Actor = pin.PinnedBy, At = pin.PinnedAt },
            cancellationToken);
    }

    public ValueTask<bool> MarkChangedAsync(string connector, string tool, string pinnedHash, string seenHash, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(PinSql.MarkChanged, c =>
        {
            c.AddText("@connector", connector);
            c.AddText("@tool", tool);
            c.AddText("@hash", pinnedHash);
            c.AddText("@seen", seenHash);
        }, new ToolPinEvent { Connector = connector, Tool = tool, Kind = ToolPinEvent.Changed, Hash = seenHash, PreviousHash = pinnedHash, Actor = "upstream", At = at },
        cancellationToken);

    public ValueTask<bool> AcceptAsync(ToolPin replacement, string expectedHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        return WriteAsync(PinSql.Accept, c =>
        {
            BindPin(c, replacement);
            c.AddText("@expected", expectedHash);
        }, new ToolPinEvent
        {
            Connector = replacement.Connector, Tool = replacement.Tool, Kind = ToolPinEvent.Accepted, Hash = replacement.Hash, PreviousHash = expectedHash,
            Actor = replacement.PinnedBy, At = replacement.PinnedAt,
        }, cancellationToken);
    }

    public ValueTask<IReadOnlyList<ToolPinEvent>> EventsAsync(string connector, string tool, int limit, CancellationToken cancellationToken) =>
        database.QueryAsync(PinSql.Events, c =>
        {
            c.AddText("@connector", connector);
            c.AddText("@tool", tool);
            c.AddInt32("@limit", limit);
        }, r => new ToolPinEvent
        {
            Connector = r.GetString(0), Tool = r.GetString(1), Kind = r.GetString(2), Hash = r.GetString(3), PreviousHash = r.GetNullableString(4),
            Actor = r.GetString(5), At = database.ReadTime(r, 6),
        }, cancellationToken);

    /// <summary>Releases the connection pool.</summary>
    public ValueTask DisposeAsync() => database.DisposeAsync();

    // The conditional write and its history entry commit together: the entry exists exactly when the write happened.
    private async ValueTask<bool> WriteAsync(string sql, Action<DbCommand> bind, ToolPinEvent entry, CancellationToken cancellationToken)
    {
        using var turn = await database.EnterWriteAsync().ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var command = connection.CreateCommand(sql, transaction))
        {
            bind(command);
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                return false;
            }
        }

        await using (var insert = connection.CreateCommand(PinSql.InsertEvent, transaction))
        {
            insert.AddText("@connector", entry.Connector);
            insert.AddText("@tool", entry.Tool);
            insert.AddText("@kind", entry.Kind);
            insert.AddText("@hash", entry.Hash);
            insert.AddText("@previous_hash", entry.PreviousHash);
            insert.AddText("@actor", entry.Actor);
            database.AddTime(insert, "@at", entry.At);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    private void BindPin(DbCommand command, ToolPin pin)
    {
        command.AddText("@connector", pin.Connector);
        command.AddText("@tool", pin.Tool);
        command.AddText("@hash", pin.Hash);
        command.AddText("@definition_json", pin.DefinitionJson);
        database.AddTime(command, "@pinned_at", pin.PinnedAt);
        command.AddText("@pinned_by", pin.PinnedBy);
    }

    private ToolPin ReadPin(DbDataReader r) => new()
    {
        Connector = r.GetString(0), Tool = r.GetString(1), Hash = r.GetString(2), DefinitionJson = r.GetString(3),
        PinnedAt = database.ReadTime(r, 4), PinnedBy = r.GetString(5),
    };
}
