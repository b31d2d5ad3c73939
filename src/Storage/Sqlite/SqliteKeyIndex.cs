using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Sqlite;

/// <summary>
/// This process's index of the idempotency key log in one SQLite file: each key's newest row id, and when it expires.
/// The table has no index on the key (a random key dirtied a random page of one on every reservation; see
/// bench/README.md), so this map is the only way from a key to its row.
/// </summary>
/// <remarks>
/// <para>
/// Other processes append to the same file. A writer catches the map up (<see cref="CatchUp(SqliteCommand)"/>, the rows
/// past the last id seen) after <c>BEGIN IMMEDIATE</c>, which SQLite serializes across processes, and decides its
/// reservations under that same lock: so the map it decides on holds every committed row, and no other process can add one before it
/// commits. Ids only grow and are never handed out twice, because the log never deletes its newest row (a released key
/// is marked, a replaced row is deleted after its successor is appended, and a purge spares the newest): so a committed
/// snapshot is every row up to some id, and an id the map holds names that key's row or a deleted one.
/// </para>
/// <para>
/// An entry may go stale when its row is deleted (replaced, purged). Every lookup reads the row back by id and checks
/// the key, so a stale entry reads as absent. An insert that rolls back puts back the entry it replaced
/// (<see cref="Undo"/>). Entries of keys expired by a completed purge are dropped (<see cref="Prune"/>).
/// </para>
/// </remarks>
internal sealed class SqliteKeyIndex
{
    /// <summary>The catch-up query: every row past @seen, oldest first.</summary>
    public const string CatchUpSql = "SELECT id, key, expires_at FROM idempotency_keys WHERE id > @seen ORDER BY id";

    private static readonly ConcurrentDictionary<string, SqliteKeyIndex> Indexes = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, SqliteKeyEntry> _rows = new(StringComparer.Ordinal);

    // Every committed row with an id up to this one is in _rows (unless replaced by a newer row of its key).
    private long _seen;

    /// <summary>The index of the file at <paramref name="path"/> (full paths compare), shared by its stores here.</summary>
    public static SqliteKeyIndex For(string path) => Indexes.GetOrAdd(Path.GetFullPath(path), static _ => new SqliteKeyIndex());

    /// <summary>How many keys the map holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>
    /// Reads the rows committed past the last one seen with <paramref name="select"/> (<see cref="CatchUpSql"/>, prepared
    /// on the caller's connection, in its transaction if any) and adds them.
    /// </summary>
    public void CatchUp(SqliteCommand select)
    {
        lock (_gate)
        {
            select.Parameters[0].Value = _seen;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                Add(reader.GetString(1), id, reader.GetInt64(2));
                _seen = Math.Max(_seen, id);
            }
        }
    }

    /// <summary>
    /// Catches up on <paramref name="connection"/> outside any write transaction: at start, so that the first load (about
    /// a second per million keys) happens before calls instead of under the first call's write lock; and before a read.
    /// </summary>
    public void CatchUp(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = CatchUpSql;
        select.Parameters.Add(new SqliteParameter { ParameterName = "@seen" });
        CatchUp(select);
    }

    /// <summary>The newest row id known for <paramref name="key"/>, or null.</summary>
    public long? Find(string key)
    {
        lock (_gate)
        {
            return _rows.TryGetValue(key, out var entry) ? entry.Id : null;
        }
    }

    /// <summary>A row this process inserted (under the write lock, not yet committed); returns the entry it replaced.</summary>
    public SqliteKeyEntry? Added(string key, long id, long expiresAt)
    {
        lock (_gate)
        {
            SqliteKeyEntry? previous = _rows.TryGetValue(key, out var entry) ? entry : null;
            Add(key, id, expiresAt);
            return previous;
        }
    }

    /// <summary>
    /// The insert of row <paramref name="id"/> rolled back: puts back the entry it replaced, whose row the rollback
    /// restored too (a reservation deletes the expired row it replaces).
    /// </summary>
    public void Undo(string key, long id, SqliteKeyEntry? previous)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(key, out var entry) || entry.Id != id)
            {
                return;
            }

            if (previous is { } restored)
            {
                _rows[key] = restored;
            }
            else
            {
                _rows.Remove(key);
            }
        }
    }

    /// <summary>
    /// The write transaction that caught up and then inserted rows up to <paramref name="lastId"/> committed: no other
    /// row can sit between, so the next catch-up starts past them.
    /// </summary>
    public void Committed(long lastId)
    {
        lock (_gate)
        {
            _seen = Math.Max(_seen, lastId);
        }
    }

    /// <summary>
    /// Drops the keys expired at <paramref name="expiredAt"/> (database microseconds), after a purge deleted every row
    /// expired by then: a later reservation of one of them starts a new row.
    /// </summary>
    public int Prune(long expiredAt)
    {
        lock (_gate)
        {
            var removed = 0;
            foreach (var (key, entry) in _rows)
            {
                // Removing while enumerating is allowed for Dictionary (since .NET Core 3.0).
                if (entry.ExpiresAt <= expiredAt && _rows.Remove(key))
                {
                    removed++;
                }
            }

            return removed;
        }
    }

    private void Add(string key, long id, long expiresAt)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_rows, key, out var exists);
        if (!exists || entry.Id < id)
        {
            entry = new SqliteKeyEntry(id, expiresAt);
        }
    }
}

/// <summary>A key's newest row in the key log, and when it expires (database microseconds).</summary>
internal readonly record struct SqliteKeyEntry(long Id, long ExpiresAt);
