using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Protocol;
using Npgsql;

namespace McpGateway.IntegrationTests.Adapters;

/// <summary>
/// <c>kind: sql</c> through the real host against a real SQLite file and a real PostgreSQL database: named queries are
/// tools, parameters are bound (never spliced), a read query cannot write (the database refuses), a write query runs only
/// with <c>allow_write</c>, and the pipeline's idempotency key makes a repeated write run once.
/// </summary>
public sealed class SqlConnectorTests
{
    private const string Schema = """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, tier TEXT NOT NULL);
        INSERT INTO customers (id, name, tier) VALUES (1, 'Ada', 'gold'), (2, 'Linus', 'gold'), (3, 'Barbara', 'gold'), (4, 'Ken', 'silver');
        """;

    private static string Config(string database) => TestConfigs.Header + $$"""
          db:
            kind: sql
            database: {{database}}
            connection_string: "${secret:customers-db}"
            queries:
              find_customer:
                description: A customer by id
                sql: "SELECT id, name, tier FROM customers WHERE id = :customer_id -- not a :parameter"
                parameters:
                  customer_id: { type: integer }
              customers_by_tier:
                sql: "SELECT id, name FROM customers WHERE tier = :tier ORDER BY id"
                parameters: { tier: { type: string } }
                max_rows: 2
              sneaky_write:
                description: Claims to read, but writes
                sql: "INSERT INTO customers (id, name, tier) VALUES (:id, :name, 'gold')"
                parameters: { id: { type: integer }, name: { type: string } }
              commit_then_write:
                description: Ends the read-only transaction, then writes
                sql: "COMMIT; INSERT INTO customers (id, name, tier) VALUES (:id, 'Eve', 'gold')"
                parameters: { id: { type: integer } }
              add_customer:
                sql: "INSERT INTO customers (id, name, tier) VALUES (:id, :name, :tier)"
                parameters:
                  type: object
                  required: [id, name, tier]
                  properties: { id: { type: integer }, name: { type: string }, tier: { type: string } }
                allow_write: true
        """;

    [Fact]
    public async Task SqlConnector_Sqlite_QueriesAreToolsReadOnlyUnlessAllowed()
    {
        using var dir = new TempDirectory("mcpgw-sql-");
        var file = Path.Combine(dir.Path, "customers.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        await ExecuteAsync(new SqliteConnection(connectionString), Schema);

        await RunScenarioAsync("sqlite", connectionString, () => new SqliteConnection(connectionString));
    }

    [PostgresFact]
    public async Task SqlConnector_Postgres_QueriesAreToolsReadOnlyUnlessAllowed()
    {
        await using var database = await TempPostgresDatabase.CreateAsync();
        await ExecuteAsync(new NpgsqlConnection(database.ConnectionString), Schema);

        await RunScenarioAsync("postgres", database.ConnectionString, () => new NpgsqlConnection(database.ConnectionString));
    }

    private static async Task RunScenarioAsync(string kind, string connectionString, Func<DbConnection> connect)
    {
        await using var gateway = await GatewayProcess.StartAsync(Config(kind));
        var (put, _) = await Rest.SendAsync(gateway, HttpMethod.Put, "/v1/connections/customers-db",
            new JsonObject { ["type"] = "SECRET_TEXT", ["value"] = new JsonObject { ["secret"] = connectionString } });
        Assert.Equal(HttpStatusCode.Created, put);
        await gateway.WaitConnectedAsync("db");
        await using var client = await gateway.ConnectAsync();

        var tools = (await client.ListToolsAsync()).ToDictionary(t => t.Name, t => t.ProtocolTool);
        var found = await client.CallToolAsync("db__find_customer", new Dictionary<string, object?> { ["customer_id"] = 1 });
        var (goldStatus, gold) = await Rest.CallAsync(gateway, "db__customers_by_tier", new JsonObject { ["tier"] = "gold" });
        var injected = await client.CallToolAsync("db__customers_by_tier", new Dictionary<string, object?> { ["tier"] = "gold' OR '1'='1" });
        var sneaky = await client.CallToolAsync("db__sneaky_write", new Dictionary<string, object?> { ["id"] = 90, ["name"] = "Mallory" });
        var escape = await client.CallToolAsync("db__commit_then_write", new Dictionary<string, object?> { ["id"] = 91 });
        var add = new JsonObject { ["id"] = 5, ["name"] = "Grace", ["tier"] = "gold" };
        var (addStatus, added) = await Rest.CallAsync(gateway, "db__add_customer", add, idempotencyKey: "add-grace");
        var (_, again) = await Rest.CallAsync(gateway, "db__add_customer", add, idempotencyKey: "add-grace");
        var (badStatus, _) = await Rest.CallAsync(gateway, "db__find_customer", new JsonObject { ["customer_id"] = "1; DROP TABLE customers" });

        Assert.True(tools["db__find_customer"].Annotations!.ReadOnlyHint);
        Assert.NotEqual(true, tools["db__add_customer"].Annotations!.ReadOnlyHint);
        Assert.Equal(["customer_id"], tools["db__find_customer"].InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Ada", found.StructuredContent!.Value.GetProperty("rows")[0].GetProperty("name").GetString());
        Assert.Equal(1, found.StructuredContent!.Value.GetProperty("row_count").GetInt32());
        Assert.Equal(HttpStatusCode.OK, goldStatus);
        var goldResult = gold["result"]!["structuredContent"]!;
        Assert.Equal(2, goldResult["row_count"]!.GetValue<int>());
        Assert.True(goldResult["truncated"]!.GetValue<bool>());
        Assert.Equal(0, injected.StructuredContent!.Value.GetProperty("row_count").GetInt32());
        Assert.True(sneaky.IsError);
        // The database itself refuses: SQLite "attempt to write a readonly database", PostgreSQL "… in a read-only transaction".
        Assert.Matches("refused the query 'sneaky_write': .*read-?only", Assert.IsType<TextContentBlock>(sneaky.Content[0]).Text);
        Assert.True(escape.IsError, Assert.IsType<TextContentBlock>(escape.Content[0]).Text);
        Assert.Equal(HttpStatusCode.OK, addStatus);
        Assert.Equal(1, added["result"]!["structuredContent"]!["row_count"]!.GetValue<int>());
        Assert.Equal("replayed", again["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus);
        Assert.Equal(["Ada", "Linus", "Barbara", "Ken", "Grace"], await NamesAsync(connect()));
        Assert.DoesNotContain(connectionString, await OpenApiConnectorTests.JournalTextAsync(gateway), StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<List<string>> NamesAsync(DbConnection connection)
    {
        await using (connection)
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM customers ORDER BY id";
            await using var reader = await command.ExecuteReaderAsync();
            var names = new List<string>();
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            return names;
        }
    }
}
