using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using Microsoft.Extensions.Logging;

namespace McpGateway.Connectors.Runtime;

/// <summary>
/// The connectors in force: those of <c>connectors.yaml</c> plus those added over REST, which live in the store so every
/// process on it runs them. A name in the file belongs to the file (REST cannot change or remove it); a file reload keeps
/// the stored ones; a change made here raises <see cref="StoredChanged"/> (the host announces it on the change feed) and
/// every other process reads the store again in <see cref="RefreshAsync"/>.
/// </summary>
public sealed partial class RuntimeConnectors(IConnectorStore store, UpstreamHub hub, TimeProvider time, ILogger<RuntimeConnectors> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private GatewayConfig _file = new();
    private IReadOnlyList<IConfigCheck> _checks = [];
    private IReadOnlyList<StoredConnector> _stored = [];
    private bool _started;

    /// <summary>The file's configuration with the stored connectors added, as last applied.</summary>
    public GatewayConfig Current { get; private set; } = new();

    /// <summary>The names of the connectors that came from the store, as last applied.</summary>
    public IReadOnlySet<string> StoredNames { get; private set; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A stored connector was added, changed or removed through this instance (not by <see cref="RefreshAsync"/>).</summary>
    public event Action? StoredChanged;

    /// <summary>True when <paramref name="name"/> is defined in <c>connectors.yaml</c>.</summary>
    public bool InFile(string name) => _file.Connectors.Any(c => c.Name == name);

    /// <summary>Reads the store and applies the file's connectors and the stored ones.</summary>
    public async Task StartAsync(GatewayConfig file, IReadOnlyList<IConfigCheck> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _file = file;
            _checks = checks;
            _stored = await store.ListAsync(cancellationToken);
            await ApplyAsync();
            _started = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies a reloaded <c>connectors.yaml</c>, keeping the stored connectors.</summary>
    public async Task FileChangedAsync(GatewayConfig file)
    {
        await _gate.WaitAsync();
        try
        {
            _file = file;
            await ApplyAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the store again and applies it when another process changed it.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_started || stored.Select(s => (s.Name, s.RecordJson)).SequenceEqual(_stored.Select(s => (s.Name, s.RecordJson))))
            {
                return;
            }

            _stored = stored;
            await ApplyAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Validates <paramref name="record"/> as <c>connectors.yaml</c> would (throws <see cref="ConfigException"/>), stores it
    /// and applies it. A name defined in the file is refused.
    /// </summary>
    public async Task<ConnectorChange> PutAsync(string name, JsonObject record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        StoredConnectorReader.Read(name, record, $"connector '{name}'", _checks);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (InFile(name))
            {
                return ConnectorChange.DefinedInFile;
            }

            var created = await store.PutAsync(
                new StoredConnector { Name = name, RecordJson = record.ToJsonString(), UpdatedAt = time.GetUtcNow() }, cancellationToken);
            _stored = await store.ListAsync(cancellationToken);
            await ApplyAsync();
            StoredChanged?.Invoke();
            return created ? ConnectorChange.Created : ConnectorChange.Updated;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes a stored connector and stops it; false when the store has none of that name.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!await store.DeleteAsync(name, cancellationToken))
            {
                return false;
            }

            _stored = await store.ListAsync(cancellationToken);
            await ApplyAsync();
            StoredChanged?.Invoke();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task ApplyAsync()
    {
        var connectors = new List<ConnectorConfig>(_file.Connectors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in _stored)
        {
            if (InFile(stored.Name))
            {
                Log.ShadowedByFile(logger, stored.Name);
                continue;
            }

            try
            {
                connectors.Add(StoredConnectorReader.Read(stored, _checks));
                names.Add(stored.Name);
            }
            catch (ConfigException ex)
            {
                // Written by a build that read it differently: the others still run.
                Log.StoredInvalid(logger, stored.Name, ex.Message);
            }
        }

        Current = _file with { Connectors = connectors };
        StoredNames = names;
        await hub.ApplyAsync(Current);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The stored connector '{Name}' is also defined in connectors.yaml; the file's definition is used")]
        public static partial void ShadowedByFile(ILogger logger, string name);

        [LoggerMessage(2, LogLevel.Error, "The stored connector '{Name}' is invalid and was not started: {Errors}")]
        public static partial void StoredInvalid(ILogger logger, string name, string errors);
    }
}
