using System.CommandLine;
using System.Text.Json.Nodes;
using McpGateway.Auth;
using McpGateway.Connectors.Changes;
using McpGateway.Hosting;
using McpGateway.Policy.Callers;
using McpGateway.Storage;

namespace McpGateway.Cli;

/// <summary><c>mcpgw keys create|list|revoke</c>: manages API keys directly in the store (no running gateway needed).</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke scoped API keys");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command CreateKey()
    {
        var config = CliOptions.Config();
        var name = new Option<string>("--name") { Description = "A unique label for the key", Required = true };
        var agent = new Option<string>("--agent") { Description = "The agent the key acts as", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated scopes, e.g. tools:call,approvals:read (or *)", Required = true };
        var tools = new Option<string?>("--allowed-tools") { Description = "Comma-separated tool globs, e.g. billing__*" };
        var readOnly = new Option<bool>("--read-only") { Description = "Only read-only tools" };
        var envs = new Option<string?>("--envs") { Description = "Comma-separated environments" };
        var workflows = new Option<string?>("--workflows") { Description = "Comma-separated workflows" };
        var resources = new Option<string?>("--resources") { Description = "Comma-separated resource ids (matched against *_id arguments)" };
        var actions = new Option<string?>("--allowed-actions") { Description = "Comma-separated actions" };
        var limitRequests = new Option<long?>("--limit-requests") { Description = "This key's calls per --limit-per window" };
        var limitPer = new Option<string?>("--limit-per") { Description = "The window of --limit-requests: 30s, 1m, 1h (1s to 24h)" };
        var limitConcurrent = new Option<long?>("--limit-concurrent") { Description = "This key's calls in flight at once" };
        var command = new Command("create", "Create a key and print it once")
        {
            config, name, agent, scopes, tools, readOnly, envs, workflows, resources, actions, limitRequests, limitPer, limitConcurrent,
        };
        command.SetAction(async (r, ct) =>
        {
            var scopeList = Split(r.GetValue(scopes));
            if (scopeList.FirstOrDefault(s => !Scopes.IsValid(s)) is { } bad)
            {
                await Console.Error.WriteLineAsync($"Unknown scope '{bad}'. Scopes: {string.Join(", ", Scopes.All)} (or *, area:*).");
                return ExitCodes.Usage;
            }

            var limit = KeyLimit.Parse(r.GetValue(limitRequests), r.GetValue(limitPer), r.GetValue(limitConcurrent), out var limitError);
            if (limitError is not null)
            {
                await Console.Error.WriteLineAsync($"--limit-*: {limitError}.");
                return ExitCodes.Usage;
            }

            return await WithStoreAsync(r.GetValue(config)!, async (store, time, _) =>
            {
                var secret = ApiKeySecret.Create();
                var key = new ApiKey
                {
                    Id = "key_" + Guid.CreateVersion7().ToString("N")[..20],
                    Name = r.GetValue(name)!,
                    Agent = r.GetValue(agent)!,
                    Scopes = scopeList,
                    AllowedTools = Split(r.GetValue(tools)),
                    ReadOnly = r.GetValue(readOnly),
                    Envs = Split(r.GetValue(envs)),
                    Workflows = Split(r.GetValue(workflows)),
                    Resources = Split(r.GetValue(resources)),
                    AllowedActions = Split(r.GetValue(actions)),
                    Limit = limit,
                    Prefix = ApiKeySecret.DisplayPrefix(secret),
                    CreatedAt = time.GetUtcNow(),
                };
                try
                {
                    await store.CreateAsync(key, ApiKeySecret.Hash(secret), ct);
                }
                catch (InvalidOperationException ex)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return ExitCodes.Usage;
                }

                await Console.Error.WriteLineAsync($"Created {key.Id} ({key.Name}, agent {key.Agent}). The key is shown once; store it now:");
                Console.WriteLine(secret);
                return 0;
            });
        });
        return command;
    }

    private static Command List()
    {
        var config = CliOptions.Config();
        var output = CliOutput.Option();
        var command = new Command("list", "List keys (never their secrets)") { config, output };
        command.SetAction((r, ct) => WithStoreAsync(r.GetValue(config)!, async (store, _, _) =>
        {
            var keys = new JsonArray((await store.ListAsync(ct)).Select(k => (JsonNode)new JsonObject
            {
                ["id"] = k.Id,
                ["name"] = k.Name,
                ["agent"] = k.Agent,
                ["prefix"] = k.Prefix,
                ["state"] = k.RevokedAt is null ? "active" : "revoked",
                ["scopes"] = Strings(k.Scopes),
                ["allowed_tools"] = Strings(k.AllowedTools),
                ["read_only"] = k.ReadOnly,
                ["created_at"] = k.CreatedAt,
                ["revoked_at"] = k.RevokedAt,
            }).ToArray());
            CliOutput.Write(new JsonObject { ["keys"] = keys }, CliOutput.Parse(r.GetValue(output)), CliOutput.List("keys", 4,
                ("ID", k => CliOutput.Text(k["id"])), ("NAME", k => CliOutput.Text(k["name"])), ("AGENT", k => CliOutput.Text(k["agent"])),
                ("PREFIX", k => CliOutput.Text(k["prefix"])), ("STATE", k => CliOutput.Text(k["state"])),
                ("SCOPES", k => string.Join(",", (k["scopes"] as JsonArray ?? []).Select(CliOutput.Text)))));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke()
    {
        var config = CliOptions.Config();
        var id = new Argument<string>("key") { Description = "The key's id or name" };
        var command = new Command("revoke", "Revoke a key; it stops working within seconds") { config, id };
        command.SetAction((r, ct) => WithStoreAsync(r.GetValue(config)!, async (store, time, feed) =>
        {
            if (!await store.RevokeAsync(r.GetValue(id)!, time.GetUtcNow(), ct))
            {
                await Console.Error.WriteLineAsync($"No active key '{r.GetValue(id)}'.");
                return ExitCodes.NotFound;
            }

            Console.WriteLine($"Revoked {r.GetValue(id)}.");
            await AnnounceAsync(feed, r.GetValue(id)!);
            return 0;
        }));
        return command;
    }

    // Running gateways on this store forget the key at once instead of within their lookup cache's few seconds.
    private static async Task AnnounceAsync(IChangeFeed feed, string idOrName)
    {
        try
        {
            await feed.PublishAsync(new ChangeNotice(ChangeNotice.Keys, idOrName), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync(
                $"Running gateways were not told ({ex.Message}); they stop accepting the key within {ApiKeyAuthenticator.CacheFor.TotalSeconds:0} s.");
        }
    }

    private static async Task<int> WithStoreAsync(string configPath, Func<IApiKeyStore, TimeProvider, IChangeFeed, Task<int>> action)
    {
        var config = ConfigFile.TryLoad(configPath);
        if (config is null)
        {
            return ExitCodes.Usage;
        }

        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddGatewayStores(config)
            .AddSingleton(sp => StoreFactory.CreateChangeFeed(GatewayServiceCollectionExtensions.StorageFor(config), InstanceIdentity.NewId("cli"),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()))
            .BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            var store = services.GetRequiredService<IApiKeyStore>();
            await store.InitializeAsync(CancellationToken.None);
            return await action(store, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IChangeFeed>());
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static List<string> Split(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
