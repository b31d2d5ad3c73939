using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Auth;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// <c>/v1/keys</c>: list (never a secret), create (the secret shown once, in the 201), revoke, rotate (a new secret shown
/// once, the old key revoked). The same fields and checks as <c>mcpgw keys create</c>; <c>admin</c> scope.
/// </summary>
internal static class KeyEndpoints
{
    private const int MaxListItems = 100;

    private static readonly string[] ListFields = ["allowed_tools", "envs", "workflows", "resources", "allowed_actions"];

    private static readonly HashSet<string> KnownFields = ["name", "agent", "scopes", "read_only", "limit", .. ListFields];

    public static void MapKeys(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/keys", ListAsync).RequireScope(Scopes.Admin);
        app.MapPost("/v1/keys", CreateAsync).RequireScope(Scopes.Admin);
        app.MapDelete("/v1/keys/{id}", RevokeAsync).RequireScope(Scopes.Admin);
        app.MapPost("/v1/keys/{id}/rotate", RotateAsync).RequireScope(Scopes.Admin);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IApiKeyStore store)
    {
        if (Paging.Read(http.Request, "keys", out var page) is { } badPage)
        {
            return badPage;
        }

        var keys = await store.ListAsync(http.RequestAborted);
        return Paging.Answer(page, keys, k => k.Id, k => View(k));
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IApiKeyStore store, TimeProvider time)
    {
        var (read, problem) = await RestBody.ReadAsync(http.Request);
        if (read is not { } body)
        {
            return problem!;
        }

        if (body.Select(p => p.Key).FirstOrDefault(k => !KnownFields.Contains(k)) is { } unknown)
        {
            return Invalid($"Unknown field '{unknown}'. Fields: {string.Join(", ", KnownFields)}.");
        }

        var name = Text(body["name"]);
        var agent = Text(body["agent"]);
        if (name is not { Length: > 0 and <= 200 } || agent is not { Length: > 0 and <= 200 })
        {
            return Invalid("'name' and 'agent' are required strings of 1-200 characters.");
        }

        if (Strings(body["scopes"]) is not { Count: > 0 } scopes)
        {
            return Invalid($"'scopes' must be a non-empty array of strings. Scopes: {string.Join(", ", Scopes.All)} (or *, area:*).");
        }

        if (scopes.FirstOrDefault(s => !Scopes.IsValid(s)) is { } bad)
        {
            return Invalid($"Unknown scope '{bad}'. Scopes: {string.Join(", ", Scopes.All)} (or *, area:*).");
        }

        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var field in ListFields)
        {
            if (body[field] is null)
            {
                lists[field] = [];
            }
            else if (Strings(body[field]) is { } values)
            {
                lists[field] = values;
            }
            else
            {
                return Invalid($"'{field}' must be an array of at most {MaxListItems} non-empty strings.");
            }
        }

        if (body["read_only"] is { } ro && ro.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return Invalid("'read_only' must be true or false.");
        }

        var (limit, limitProblem) = Limit(body["limit"]);
        if (limitProblem is not null)
        {
            return Invalid(limitProblem);
        }

        var key = new ApiKey
        {
            Id = NewId(),
            Name = name,
            Agent = agent,
            Scopes = scopes,
            AllowedTools = lists["allowed_tools"],
            ReadOnly = body["read_only"]?.GetValue<bool>() ?? false,
            Envs = lists["envs"],
            Workflows = lists["workflows"],
            Resources = lists["resources"],
            AllowedActions = lists["allowed_actions"],
            Limit = limit,
            Prefix = "",
            CreatedAt = time.GetUtcNow(),
        };
        return await StoreAsync(http, store, key, StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeAsync(HttpContext http, string id, IApiKeyStore store, ApiKeyAuthenticator authenticator, TimeProvider time)
    {
        if (!await store.RevokeAsync(id, time.GetUtcNow(), http.RequestAborted))
        {
            return NotFound(id);
        }

        await authenticator.RevokedAsync(id);
        return Results.NoContent();
    }

    private static async Task<IResult> RotateAsync(HttpContext http, string id, IApiKeyStore store, ApiKeyAuthenticator authenticator, TimeProvider time)
    {
        var old = await store.GetAsync(id, http.RequestAborted);
        if (old is not { RevokedAt: null })
        {
            return NotFound(id);
        }

        // One store operation: the old key is revoked and the new one stored together, or neither (of two rotations, one wins).
        var (key, secret) = WithNewSecret(old with { Id = NewId(), CreatedAt = time.GetUtcNow(), RevokedAt = null });
        try
        {
            if (!await store.RotateAsync(old.Id, key, ApiKeySecret.Hash(secret), time.GetUtcNow(), http.RequestAborted))
            {
                return NotFound(id);
            }
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Conflict", ex.Message);
        }

        await authenticator.RevokedAsync(old.Id);
        return Shown(key, secret, StatusCodes.Status200OK);
    }

    private static async Task<IResult> StoreAsync(HttpContext http, IApiKeyStore store, ApiKey key, int status)
    {
        var (withPrefix, secret) = WithNewSecret(key);
        try
        {
            await store.CreateAsync(withPrefix, ApiKeySecret.Hash(secret), http.RequestAborted);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Conflict", ex.Message);
        }

        return Shown(withPrefix, secret, status);
    }

    private static (ApiKey Key, string Secret) WithNewSecret(ApiKey key)
    {
        var secret = ApiKeySecret.Create();
        return (key with { Prefix = ApiKeySecret.DisplayPrefix(secret) }, secret);
    }

    private static IResult Shown(ApiKey key, string secret, int status)
    {
        var view = View(key);
        view["secret"] = secret;
        view["note"] = "The secret is shown once; only its SHA-256 is stored. Send it as Authorization: Bearer <secret>.";
        return Results.Json(view, statusCode: status);
    }

    /// <summary><c>limit: {requests, per, concurrent}</c>, checked as <c>mcpgw keys create --limit-*</c> checks it.</summary>
    private static (KeyLimit? Limit, string? Problem) Limit(JsonNode? node)
    {
        const string Shape = "'limit' must be an object {requests, per, concurrent}: requests per window (per: 30s, 1m, 1h) and/or calls at once";
        if (node is null)
        {
            return (null, null);
        }

        if (node is not JsonObject o || o.Count == 0 || o.Any(p => p.Key is not ("requests" or "per" or "concurrent")))
        {
            return (null, Shape + ".");
        }

        if (!TryWhole(o["requests"], out var requests) || !TryWhole(o["concurrent"], out var concurrent) || (o["per"] is not null && Text(o["per"]) is null))
        {
            return (null, Shape + ", requests and concurrent whole numbers, per a string.");
        }

        var limit = KeyLimit.Parse(requests, Text(o["per"]), concurrent, out var error);
        return error is null ? (limit, null) : (null, $"'limit': {error}.");
    }

    private static bool TryWhole(JsonNode? node, out long? value)
    {
        value = null;
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var whole))
        {
            value = whole;
            return true;
        }

        return false;
    }

    private static string NewId() => "key_" + Guid.CreateVersion7().ToString("N")[..20];

    private static IResult NotFound(string id) => Problems.Create(StatusCodes.Status404NotFound, "Not Found", $"No active API key '{id}'.");

    private static IResult Invalid(string detail) => Problems.Create(StatusCodes.Status422UnprocessableEntity, "Unprocessable Entity", detail);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static List<string>? Strings(JsonNode? node) =>
        node is JsonArray { Count: <= MaxListItems } array && array.All(i => Text(i) is { Length: > 0 and <= 200 })
            ? array.Select(i => Text(i)!).ToList()
            : null;

    /// <summary>Never the secret nor its hash: the prefix recognises a key.</summary>
    private static JsonObject View(ApiKey k) => new()
    {
        ["id"] = k.Id,
        ["name"] = k.Name,
        ["agent"] = k.Agent,
        ["state"] = k.RevokedAt is null ? "active" : "revoked",
        ["scopes"] = Array(k.Scopes),
        ["allowed_tools"] = Array(k.AllowedTools),
        ["read_only"] = k.ReadOnly,
        ["envs"] = Array(k.Envs),
        ["workflows"] = Array(k.Workflows),
        ["resources"] = Array(k.Resources),
        ["allowed_actions"] = Array(k.AllowedActions),
        ["limit"] = k.Limit is { } limit ? new JsonObject
        {
            ["requests"] = limit.Requests,
            ["per_s"] = limit.Per?.TotalSeconds,
            ["concurrent"] = limit.Concurrent,
        } : null,
        ["prefix"] = k.Prefix,
        ["created_at"] = k.CreatedAt,
        ["revoked_at"] = k.RevokedAt,
    };

    private static JsonArray Array(IReadOnlyList<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
