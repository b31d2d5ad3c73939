using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpGateway.Policy.Callers;

namespace McpGateway.Admin;

/// <summary>
/// <c>/v1/mcp-servers</c>: register (the token is shown once), list, get, delete, rotate. A server is served at
/// <c>/s/{name}/mcp</c> with its token; its globs pick which of the gateway's tools it exposes.
/// </summary>
internal static partial class McpServerEndpoints
{
    private const int MaxGlobs = 100;

    public static void MapMcpServers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/mcp-servers", CreateAsync).RequireScope(Scopes.Admin);
        app.MapGet("/v1/mcp-servers", ListAsync).RequireScope(Scopes.Admin);
        app.MapGet("/v1/mcp-servers/{name}", GetAsync).RequireScope(Scopes.Admin);
        app.MapDelete("/v1/mcp-servers/{name}", DeleteAsync).RequireScope(Scopes.Admin);
        app.MapPost("/v1/mcp-servers/{name}/rotate", RotateAsync).RequireScope(Scopes.Admin);
    }

    private static async Task<IResult> CreateAsync(HttpContext http, IMcpServerStore store, TimeProvider time)
    {
        var (body, problem) = await RestBody.ReadAsync(http.Request);
        if (problem is not null)
        {
            return problem;
        }

        var name = Text(body!["name"]);
        if (name is null || !NamePattern().IsMatch(name))
        {
            return Problems.Create(422, "Unprocessable Entity", "'name' must be 1-64 lower-case letters, digits, '-' or '_', starting with a letter or digit.");
        }

        if (body["description"] is { } d && d.GetValueKind() != JsonValueKind.String)
        {
            return Problems.Create(422, "Unprocessable Entity", "'description' must be a string.");
        }

        if (body["tools"] is not JsonArray { Count: > 0 and <= MaxGlobs } globs || globs.Any(g => Text(g) is not { Length: > 0 and <= 200 }))
        {
            return Problems.Create(422, "Unprocessable Entity", $"'tools' must be an array of 1-{MaxGlobs} tool-name globs (strings such as \"demo__*\").");
        }

        var token = McpServerToken.Create();
        var now = time.GetUtcNow();
        var server = new McpServerRecord
        {
            Name = name,
            Description = Text(body["description"]),
            Tools = globs.Select(g => Text(g)!).ToList(),
            TokenPrefix = McpServerToken.DisplayPrefix(token),
            CreatedAt = now,
            TokenIssuedAt = now,
        };
        try
        {
            await store.CreateAsync(server, McpServerToken.Hash(token), http.RequestAborted);
        }
        catch (InvalidOperationException ex)
        {
            return Problems.Create(409, "Conflict", ex.Message);
        }

        return Results.Json(WithToken(View(server), token), statusCode: 201);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMcpServerStore store)
    {
        if (Paging.Read(http.Request, "mcp-servers", out var page) is { } badPage)
        {
            return badPage;
        }

        var list = await store.ListAsync(http.RequestAborted);
        return Paging.Answer(page, list, s => s.Name, s => View(s));
    }

    private static async Task<IResult> GetAsync(HttpContext http, string name, IMcpServerStore store) =>
        await store.GetAsync(name, http.RequestAborted) is { } server ? Results.Json(View(server)) : NotFound(name);

    private static async Task<IResult> DeleteAsync(HttpContext http, string name, IMcpServerStore store) =>
        await store.DeleteAsync(name, http.RequestAborted) ? Results.NoContent() : NotFound(name);

    private static async Task<IResult> RotateAsync(HttpContext http, string name, IMcpServerStore store, TimeProvider time)
    {
        var token = McpServerToken.Create();
        if (!await store.RotateAsync(name, McpServerToken.Hash(token), McpServerToken.DisplayPrefix(token), time.GetUtcNow(), http.RequestAborted))
        {
            return NotFound(name);
        }

        return await store.GetAsync(name, http.RequestAborted) is { } server ? Results.Json(WithToken(View(server), token)) : NotFound(name);
    }

    private static IResult NotFound(string name) => Problems.Create(404, "Not Found", $"No MCP server '{name}'.");

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Never the token: only its prefix, to recognise it.</summary>
    private static JsonObject View(McpServerRecord s) => new()
    {
        ["name"] = s.Name,
        ["description"] = s.Description,
        ["tools"] = new JsonArray(s.Tools.Select(t => (JsonNode)t).ToArray()),
        ["endpoint"] = $"/s/{s.Name}/mcp",
        ["token_prefix"] = s.TokenPrefix,
        ["created_at"] = s.CreatedAt,
        ["token_issued_at"] = s.TokenIssuedAt,
    };

    private static JsonObject WithToken(JsonObject view, string token)
    {
        view["token"] = token;
        view["note"] = "The token is shown once; only its SHA-256 is stored. Send it as Authorization: Bearer <token>.";
        return view;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
