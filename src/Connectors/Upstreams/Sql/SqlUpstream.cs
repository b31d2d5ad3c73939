using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams.InProcess;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams.Sql;

/// <summary>
/// A <c>sql</c> connector's tools: each named query is a tool whose arguments are its <c>:name</c> parameters, bound
/// as typed ADO.NET parameters. A query without <c>allow_write</c> runs read-only in the database itself; the answer
/// is <c>{rows, row_count}</c> (capped at the query's <c>max_rows</c>, with <c>truncated</c> saying so).
/// </summary>
internal sealed class SqlUpstream : IInProcessUpstream
{
    private static readonly JsonElement OutputSchema = JsonSerializer.SerializeToElement(new JsonObject
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["rows"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
            ["row_count"] = new JsonObject { ["type"] = "integer", ["description"] = "rows returned, or rows changed by a statement that returns none" },
            ["truncated"] = new JsonObject { ["type"] = "boolean", ["description"] = "true when more rows matched than max_rows" },
        },
        ["required"] = new JsonArray("rows", "row_count"),
    });

    private readonly Dictionary<string, SqlQuery> _queries;
    private readonly SqlExecutor _executor;

    public SqlUpstream(ConnectorConfig config, string connectionString, string baseDirectory)
    {
        _queries = config.Queries.ToDictionary(kv => kv.Key, kv => SqlQuery.From(kv.Key, kv.Value), StringComparer.Ordinal);
        _executor = new SqlExecutor(config.Database ?? SqlDatabase.Sqlite, connectionString, baseDirectory);
        Tools = [.. _queries.Values.Select(ToTool)];
    }

    public IReadOnlyList<Tool> Tools { get; }

    /// <summary>True when <paramref name="name"/> can be an MCP tool's name.</summary>
    public static bool IsToolName(string name) => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams request, CancellationToken cancellationToken)
    {
        if (!_queries.TryGetValue(request.Name, out var query))
        {
            throw new McpProtocolException($"Unknown tool: '{request.Name}'", McpErrorCode.InvalidParams);
        }

        var result = await _executor.RunAsync(query, request.Arguments ?? new Dictionary<string, JsonElement>(), cancellationToken);
        return new CallToolResult
        {
            IsError = result.Error is not null,
            Content = [new TextContentBlock { Text = result.Error ?? result.Structured!.ToJsonString() }],
            StructuredContent = result.Structured is null ? null : JsonSerializer.SerializeToElement(result.Structured),
        };
    }

    private static Tool ToTool(SqlQuery query) => new()
    {
        Name = query.Name,
        Description = query.Config.Description ?? (query.Config.AllowWrite ? "Runs: " : "Reads: ") + query.Config.Sql.Trim(),
        InputSchema = query.Schema,
        OutputSchema = OutputSchema,
        Annotations = new ToolAnnotations
        {
            ReadOnlyHint = !query.Config.AllowWrite,
            IdempotentHint = !query.Config.AllowWrite,
            DestructiveHint = query.Config.AllowWrite ? null : false,
        },
    };

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
