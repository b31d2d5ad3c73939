using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

using McpGateway.Connectors.Sealing;

namespace McpGateway.Connectors.Connections;

/// <summary>
/// Connections with their values sealed at rest: writes seal with <see cref="SecretCipher"/> before the store sees
/// them, and only <see cref="ResolveAsync"/> (connect time) ever opens one. Nothing here returns a value to a client.
/// </summary>
public sealed class ConnectionVault(IConnectionStore store, SecretCipher cipher, TimeProvider time) : ISecretResolver
{
    /// <summary>The store (metadata reads and deletes go straight to it).</summary>
    public IConnectionStore Store => store;

    /// <summary>Seals and stores a validated value; true when the name was new.</summary>
    public async ValueTask<(ConnectionRecord Record, bool Created)> SetAsync(
        string name, string type, IReadOnlyDictionary<string, string> fields, string? displayName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var existing = await store.GetAsync(name, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(fields, ConnectionsJsonContext.Default.IReadOnlyDictionaryStringString);
        try
        {
            var record = new ConnectionRecord
            {
                Name = name,
                Type = type,
                DisplayName = displayName,
                FieldNames = fields.Keys.Order(StringComparer.Ordinal).ToList(),
                Sealed = cipher.Seal(name, plaintext),
                CreatedAt = existing?.CreatedAt ?? now,
                UpdatedAt = now,
                ExpiresAt = ExpiresAt(type, fields),
            };
            await store.UpsertAsync(record, cancellationToken).ConfigureAwait(false);
            return (record, existing is null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <inheritdoc />
    public async ValueTask<string> ResolveAsync(string name, string? field, CancellationToken cancellationToken)
    {
        var reference = field is null ? $"${{secret:{name}}}" : $"${{secret:{name}.{field}}}";
        var record = await store.GetAsync(name, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{reference}: no connection named '{name}' (create it with PUT /v1/connections/{name} or mcpgw connections set)");
        if (field is null && record.Type != ConnectionTypes.SecretText)
        {
            throw new InvalidOperationException($"{reference}: connection '{name}' is {record.Type}; name a field: ${{secret:{name}.<field>}} with one of {string.Join(", ", record.FieldNames)}");
        }

        var wanted = field ?? "secret";
        if (!record.FieldNames.Contains(wanted, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{reference}: connection '{name}' has no field '{wanted}' (it has {string.Join(", ", record.FieldNames)})");
        }

        var fields = Open(record, reference);
        return fields.TryGetValue(wanted, out var value) ? value
            : throw new InvalidOperationException($"{reference}: connection '{name}' has no field '{wanted}'");
    }

    /// <summary>Every field of <paramref name="record"/>'s value, in clear (the OAuth refresh reads and replaces them).</summary>
    internal static Dictionary<string, string> Open(ConnectionRecord record, SecretCipher cipher, string what)
    {
        byte[] plaintext;
        try
        {
            plaintext = cipher.Open(record.Name, record.Sealed);
        }
        catch (CryptographicException)
        {
            throw new InvalidOperationException($"{what}: the stored value of connection '{record.Name}' does not open with this master key (changed key, or tampered data)");
        }

        try
        {
            return JsonSerializer.Deserialize(plaintext, ConnectionsJsonContext.Default.DictionaryStringString) ?? [];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>When an OAUTH2 value's access token expires: its <c>expires_at</c> (ISO 8601 or Unix seconds), else null.</summary>
    internal static DateTimeOffset? ExpiresAt(string type, IReadOnlyDictionary<string, string> fields)
    {
        if (type != ConnectionTypes.OAuth2 || !fields.TryGetValue("expires_at", out var text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    private Dictionary<string, string> Open(ConnectionRecord record, string reference) => Open(record, cipher, reference);
}
