using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace McpGateway.Storage.Relational;

/// <summary>
/// One backend's database as a plain (not batched) store uses it: a pooled connection per operation, a write
/// transaction, how timestamps are bound and read, and the store's schema, migrated once by
/// <see cref="InitializeAsync"/>. A backend supplies only those primitives.
/// </summary>
internal abstract partial class RelationalDatabase(StoreSchema schema, ILogger logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private volatile bool _ready;
    private volatile bool _disposed;

    /// <summary>Where the data lives, for logs: a file path or a host and database, never a credential.</summary>
    protected abstract string Location { get; }

    /// <summary>Creates or migrates the schema; later calls do nothing.</summary>
    public async ValueTask InitializeAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ready)
            {
                return;
            }

            var found = await MigrateAsync(schema, cancellationToken).ConfigureAwait(false);
            if (found < schema.LatestVersion)
            {
                Log.Migrated(logger, schema.Component, Location, found, schema.LatestVersion);
            }
            else if (found > schema.LatestVersion)
            {
                Log.NewerSchema(logger, schema.Component, Location, found, schema.LatestVersion);
            }

            _ready = true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>An open connection of its own, which the caller disposes.</summary>
    /// <exception cref="InvalidOperationException"><see cref="InitializeAsync"/> has not run.</exception>
    /// <exception cref="ObjectDisposedException">The database was disposed.</exception>
    public ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_ready)
        {
            throw new InvalidOperationException($"Call InitializeAsync before using the {schema.Component} store.");
        }

        return OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// True when a command may be kept and re-bound for the next batch (SQLite keeps its compiled statement). Npgsql
    /// commands re-bound after <c>Parameters.Clear()</c> were seen running with the previous values, so PostgreSQL
    /// gets a fresh command each time.
    /// </summary>
    public virtual bool ReusesCommands => false;

    /// <summary>
    /// Appended to a subquery that checks a row another statement depends on, so a concurrent update of that row
    /// waits for this statement's transaction (PostgreSQL: <c> FOR SHARE</c>). Empty where writes are serialized anyway
    /// (SQLite has one writer per file).
    /// </summary>
    public virtual string RowShareLock => "";

    /// <summary>Waits for this process's turn to write, when the backend has one writer at a time (SQLite); dispose to give it back.</summary>
    public virtual ValueTask<IDisposable?> EnterWriteAsync() => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>Begins a transaction that writes; on SQLite it takes the write lock at once.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Binds a timestamp (or null) the way this backend stores it.</summary>
    public abstract void AddTime(DbCommand command, string name, DateTimeOffset? value);

    /// <summary>Reads a non-null timestamp column.</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>True when a statement failed on a unique or primary key constraint.</summary>
    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>Releases the connection pool. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await ReleaseAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Applies the missing migrations of <paramref name="storeSchema"/>; returns the version found before.</summary>
    protected abstract ValueTask<int> MigrateAsync(StoreSchema storeSchema, CancellationToken cancellationToken);

    /// <summary>Opens a connection ready for use (busy timeout and the like already set).</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Releases the backend's pool.</summary>
    protected abstract ValueTask ReleaseAsync();
}
