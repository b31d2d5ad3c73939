using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Callers;
using McpGateway.Storage.Relational;

namespace McpGateway.Storage.Keys;

/// <summary>Reads <see cref="ApiKey"/>s from rows selected with <see cref="ApiKeySql.Columns"/>; lists are JSON arrays.</summary>
internal static class ApiKeyRows
{
    /// <summary>Reads every row.</summary>
    public static async Task<IReadOnlyList<ApiKey>> ReadAllAsync(
        DbDataReader reader, RelationalDatabase database, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader, database));
        }

        return keys;
    }

    /// <summary>A list as a JSON array of strings; null is stored as empty.</summary>
    public static string ToJson(IReadOnlyList<string>? values) => JsonSerializer.Serialize(values ?? []);

    private static ApiKey Read(DbDataReader reader, RelationalDatabase database) => new()
    {
        Id = reader.GetString(0),
        Name = reader.GetString(1),
        Agent = reader.GetString(2),
        Scopes = FromJson(reader.GetString(3)),
        AllowedTools = FromJson(reader.GetString(4)),
        ReadOnly = reader.GetBoolean(5),
        Envs = FromJson(reader.GetString(6)),
        Workflows = FromJson(reader.GetString(7)),
        Resources = FromJson(reader.GetString(8)),
        AllowedActions = FromJson(reader.GetString(9)),
        Prefix = reader.GetString(10),
        CreatedAt = database.ReadTime(reader, 11),
        RevokedAt = reader.GetNullableTime(12, database),
        Limit = LimitFromJson(reader.GetNullableString(13)),
    };

    /// <summary>A key's limit as JSON (<c>requests</c>, <c>per_ms</c>, <c>concurrent</c>), or null without one.</summary>
    public static string? LimitToJson(KeyLimit? limit) => limit is null ? null : new JsonObject
    {
        ["requests"] = limit.Requests,
        ["per_ms"] = (long?)limit.Per?.TotalMilliseconds,
        ["concurrent"] = limit.Concurrent,
    }.ToJsonString();

    private static KeyLimit? LimitFromJson(string? json)
    {
        if (json is null || JsonNode.Parse(json) is not JsonObject o)
        {
            return null;
        }

        return new KeyLimit
        {
            Requests = o["requests"]?.GetValue<int>(),
            Per = o["per_ms"]?.GetValue<long>() is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Concurrent = o["concurrent"]?.GetValue<int>(),
        };
    }

    private static string[] FromJson(string json) => JsonSerializer.Deserialize<string[]>(json) ?? [];
}
