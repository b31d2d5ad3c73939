namespace McpGateway.Connectors.Configuration;

/// <summary>One upstream, as declared under <c>connectors:</c>. Values may hold <c>${env:NAME}</c> references, resolved at connect time.</summary>
public sealed record ConnectorConfig
{
    /// <summary>The connector's name: lower-case letters, digits and dashes; the prefix of its tools.</summary>
    public required string Name { get; init; }

    /// <summary>The transport kind.</summary>
    public required ConnectorKind Kind { get; init; }

    /// <summary>mcp-stdio: the program to start.</summary>
    public string? Command { get; init; }

    /// <summary>mcp-stdio: its arguments.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>mcp-stdio: extra environment variables.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>mcp-stdio: working directory (relative to the config file).</summary>
    public string? Cwd { get; init; }

    /// <summary>mcp-http: the endpoint URL.</summary>
    public string? Url { get; init; }

    /// <summary>mcp-http: extra request headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>openapi: the OpenAPI 3.x document, a file (relative to the config file) or an http(s) URL.</summary>
    public string? Spec { get; init; }

    /// <summary>openapi: the API's base URL; each operation's path is appended to it.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>openapi: how requests authenticate (none when null).</summary>
    public OpenApiAuthConfig? Auth { get; init; }

    /// <summary>sql: the database kind.</summary>
    public SqlDatabase? Database { get; init; }

    /// <summary>sql: the ADO.NET connection string (normally a <c>${secret:…}</c> reference).</summary>
    public string? ConnectionString { get; init; }

    /// <summary>sql: the named queries, each a tool.</summary>
    public IReadOnlyDictionary<string, SqlQueryConfig> Queries { get; init; } = new Dictionary<string, SqlQueryConfig>();

    /// <summary>False keeps the connector configured but not started.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Default per-call timeout for the connector's tools.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What a changed tool definition does: quarantine until accepted (strict, the default) or accept and journal (auto).</summary>
    public PinningMode Pinning { get; init; } = PinningMode.Strict;

    /// <summary>Per-tool overrides keyed by the upstream's tool name.</summary>
    public IReadOnlyDictionary<string, ToolOverride> Tools { get; init; } = new Dictionary<string, ToolOverride>();

    /// <summary>True when <paramref name="other"/> would need a new upstream connection (transport settings differ).</summary>
    public bool TransportEquals(ConnectorConfig other) =>
        Kind == other.Kind && Command == other.Command && Cwd == other.Cwd && Url == other.Url &&
        Enabled == other.Enabled && Args.SequenceEqual(other.Args) && SameMap(Env, other.Env) && SameMap(Headers, other.Headers) &&
        Spec == other.Spec && BaseUrl == other.BaseUrl && Auth == other.Auth && Database == other.Database &&
        ConnectionString == other.ConnectionString && Queries.Count == other.Queries.Count &&
        Queries.All(kv => other.Queries.TryGetValue(kv.Key, out var q) && q == kv.Value);

    /// <summary>Every value that may hold a <c>${env:…}</c> or <c>${secret:…}</c> reference, read at connect time.</summary>
    public IEnumerable<string> ReferenceValues() =>
        new[] { Command, Cwd, Url, Spec, BaseUrl, ConnectionString }.OfType<string>()
            .Concat(Args).Concat(Env.Values).Concat(Headers.Values).Concat(Auth?.Values() ?? []);

    private static bool SameMap(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
