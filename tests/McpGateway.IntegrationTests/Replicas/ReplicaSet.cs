using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using Npgsql;

namespace McpGateway.IntegrationTests.Replicas;

/// <summary>
/// Gateway replicas as an operator runs them: real <c>mcpgw serve</c> processes on fixed loopback ports (so a replica
/// restarted after <c>kill -9</c> comes back where the load balancer expects it), one PostgreSQL database of their own,
/// one directory (one connectors.yaml, one master key), the demo upstream's state shared by every replica's child, and,
/// when asked, HAProxy in front (<see cref="LoadBalancer"/>). Disposing stops all of it and drops the database.
/// </summary>
internal sealed class ReplicaSet : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _database;
    private readonly TempDirectory _state;
    private readonly List<GatewayProcess> _replicas = [];
    private readonly List<string> _listens = [];
    private string[] _connectors = [];

    private ReplicaSet(string admin, string database, TempDirectory state)
    {
        _admin = admin;
        _database = database;
        _state = state;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = database }.ConnectionString;
    }

    /// <summary>The replicas' database.</summary>
    public string ConnectionString { get; }

    public IReadOnlyList<GatewayProcess> Replicas => _replicas;

    public LoadBalancer? Balancer { get; private set; }

    /// <summary>A client for requests through the load balancer (round robin: each may land on another replica).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(100) };

    /// <summary>The load balancer's URL (or the first replica's without one) joined with <paramref name="path"/>.</summary>
    public Uri Url(string path) => new(Balancer?.Url ?? _replicas[0].BaseUrl, path);

    /// <summary>A REST request through the load balancer.</summary>
    public Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string? idempotencyKey = null, string? apiKey = null) =>
        Rest.SendAsync(Http, Url(path), method, body, idempotencyKey, apiKey);

    /// <summary>A <c>/v1/call</c> through the load balancer.</summary>
    public Task<(HttpStatusCode Status, JsonNode Body)> CallAsync(string tool, JsonObject arguments, string? idempotencyKey = null, string? apiKey = null) =>
        Rest.CallAsync(Http, Url("/v1/call"), tool, arguments, idempotencyKey, apiKey);

    /// <summary>
    /// Starts <paramref name="count"/> replicas of <c>ControlledConfigs.Demo</c> on PostgreSQL, and HAProxy in front when
    /// <paramref name="balanced"/>. <paramref name="configure"/> edits the config (rules, expiry, more connectors);
    /// <paramref name="started"/> replicas start now (the default: all), the others in <see cref="StartLateAsync"/>, on
    /// ports HAProxy already checks; each start waits for <paramref name="connectors"/> (default: demo) to connect.
    /// </summary>
    public static async Task<ReplicaSet> StartAsync(
        int count, bool balanced, string auth = "none", Func<string, string>? configure = null, int? started = null, string[]? connectors = null)
    {
        var admin = Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!;
        var database = "mcpgw_it_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin, $"CREATE DATABASE {database}");
        var set = new ReplicaSet(admin, database, new TempDirectory("mcpgw-upstream-"));
        try
        {
            // Exactly-once and sessions are the subject, not timeouts: a loaded machine must not fail a charge for its load.
            var config = ControlledConfigs.Demo(set._state.Path, auth)
                .Replace($"  auth: {auth}", $"  auth: {auth}\n  storage: postgres\n  postgres: \"{set.ConnectionString}\"", StringComparison.Ordinal)
                .Replace("timeout: 1s", "timeout: 30s", StringComparison.Ordinal);
            config = configure?.Invoke(config) ?? config;
            set._connectors = connectors ?? ["demo"];
            set._listens.AddRange(Enumerable.Range(0, count).Select(_ => $"http://127.0.0.1:{LoadBalancer.FreePort()}"));
            var now = started ?? count;
            set._replicas.Add(await GatewayProcess.StartOnAsync(config, set._listens[0], null, set._connectors));
            set._replicas.AddRange(await Task.WhenAll(set._listens.Skip(1).Take(now - 1).Select(listen => set._replicas[0].StartBesideOnAsync(listen, set._connectors))));
            if (balanced)
            {
                set.Balancer = await LoadBalancer.StartAsync([.. set._listens.Select(l => new Uri(l))], up: now);
            }

            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many times the demo upstream charged each payment id (its charges.jsonl, written by every replica's child).</summary>
    public IReadOnlyDictionary<string, int> Charges()
    {
        var path = Path.Combine(_state.Path, "charges.jsonl");
        return !File.Exists(path)
            ? new Dictionary<string, int>()
            : File.ReadLines(path)
                .Where(line => line.Length > 0)
                .Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!["payment_id"]!.GetValue<string>())
                .GroupBy(id => id, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
    }

    /// <summary>Starts the next replica that <see cref="StartAsync"/> left for later, and waits until HAProxy counts it up.</summary>
    public async Task<GatewayProcess> StartLateAsync()
    {
        var replica = await _replicas[0].StartBesideOnAsync(_listens[_replicas.Count], _connectors);
        _replicas.Add(replica);
        if (Balancer is not null)
        {
            await Balancer.WaitUpAsync(_replicas.Count(r => r.IsRunning));
        }

        return replica;
    }

    /// <summary>One value from the replicas' database.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The indexes of the replicas whose instance holds a running execution of <paramref name="tool"/>.</summary>
    public async Task<IReadOnlyList<int>> HoldersAsync(string tool)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT i.pid FROM executions e JOIN instances i ON i.instance_id = e.instance_id WHERE e.status = 'running' AND e.tool = @tool", connection);
        command.Parameters.AddWithValue("tool", tool);
        var pids = new List<int>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        return [.. pids.Select(pid => _replicas.FindIndex(r => r.IsRunning && r.ProcessId == pid))];
    }

    /// <summary>Kills replica <paramref name="index"/> with SIGKILL (no shutdown hooks run).</summary>
    public void Kill(int index) => _replicas[index].Kill();

    public async ValueTask DisposeAsync()
    {
        if (Balancer is not null)
        {
            await Balancer.DisposeAsync();
        }

        // The first replica owns the shared directory: it goes last.
        for (var i = _replicas.Count - 1; i >= 0; i--)
        {
            await _replicas[i].DisposeAsync();
        }

        Http.Dispose();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        _state.Dispose();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
