using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;
using Xunit.Abstractions;

namespace McpGateway.IntegrationTests.Admin;

/// <summary><c>/v1/keys</c> through the real host under <c>auth: keys</c>: create, list, rotate, revoke, and the checks.</summary>
public sealed class KeyEndpointTests(ITestOutputHelper output)
{
    internal const string KeysConfigHeader = """
        gateway:
          data_dir: ./data
          auth: keys
        connectors:

        """;

    [Fact]
    public async Task CreateListRotateRevoke_SecretShownOnceAndOldSecretsStopWorking()
    {
        await using var gateway = await GatewayProcess.StartAsync(KeysConfigHeader + TestConfigs.StdioUpstream("demo"), "demo");
        var admin = await ApiKeys.CreateAsync(gateway, "ops", "ops", "admin");

        var (created, key) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys", new JsonObject
        {
            ["name"] = "reader",
            ["agent"] = "bot-1",
            ["scopes"] = new JsonArray("tools:read"),
            ["allowed_tools"] = new JsonArray("demo__echo"),
            ["envs"] = new JsonArray("prod"),
        }, apiKey: admin);
        var secret = key["secret"]!.GetValue<string>();
        var id = key["id"]!.GetValue<string>();
        var (toolsStatus, tools) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: secret);
        var (_, list) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/keys", apiKey: admin);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.StartsWith("mcpgw_", secret, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, toolsStatus);
        Assert.Equal(["demo__echo"], tools["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        var listed = list["data"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Equal("bot-1", listed["agent"]!.GetValue<string>());
        Assert.Equal("prod", listed["envs"]![0]!.GetValue<string>());
        Assert.Equal("active", listed["state"]!.GetValue<string>());
        Assert.DoesNotContain(secret, list.ToJsonString(), StringComparison.Ordinal);

        var (rotatedStatus, rotated) = await Rest.SendAsync(gateway, HttpMethod.Post, $"/v1/keys/{id}/rotate", apiKey: admin);
        var newSecret = rotated["secret"]!.GetValue<string>();
        var newId = rotated["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, rotatedStatus);
        Assert.NotEqual(secret, newSecret);
        Assert.Equal("reader", rotated["name"]!.GetValue<string>());
        Assert.Equal("demo__echo", rotated["allowed_tools"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: newSecret)).Status);
        await WaitStatusAsync(gateway, secret, HttpStatusCode.Unauthorized);

        var (revoked, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, $"/v1/keys/{newId}", apiKey: admin);
        var (again, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, $"/v1/keys/{newId}", apiKey: admin);
        Assert.Equal(HttpStatusCode.NoContent, revoked);
        Assert.Equal(HttpStatusCode.NotFound, again);
        await WaitStatusAsync(gateway, newSecret, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Create_BadInputOrNoAdminScope_Is422Or403NamingTheProblem()
    {
        await using var gateway = await GatewayProcess.StartAsync(KeysConfigHeader + TestConfigs.StdioUpstream("demo"), "demo");
        var admin = await ApiKeys.CreateAsync(gateway, "ops", "ops", "admin");
        var reader = await ApiKeys.CreateAsync(gateway, "reader", "bot", "tools:read");

        var (badScope, scopeProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys",
            new JsonObject { ["name"] = "x", ["agent"] = "a", ["scopes"] = new JsonArray("tools:fly") }, apiKey: admin);
        var (unknownField, fieldProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys",
            new JsonObject { ["name"] = "x", ["agent"] = "a", ["scopes"] = new JsonArray("*"), ["colour"] = "red" }, apiKey: admin);
        var (duplicate, duplicateProblem) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys",
            new JsonObject { ["name"] = "reader", ["agent"] = "a", ["scopes"] = new JsonArray("*") }, apiKey: admin);
        var (forbidden, _) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/keys", apiKey: reader);
        var (rotateUnknown, _) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys/key_nope/rotate", apiKey: admin);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badScope);
        Assert.Contains("tools:fly", scopeProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownField);
        Assert.Contains("colour", fieldProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate);
        Assert.Contains("reader", duplicateProblem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Equal(HttpStatusCode.NotFound, rotateUnknown);
    }

    [Fact]
    public async Task Rotate_ConcurrentRotationsOfOneKey_OneAnswersTheNewSecretAndTheNameKeepsOneActiveKey()
    {
        await using var gateway = await GatewayProcess.StartAsync(KeysConfigHeader + TestConfigs.StdioUpstream("demo"), "demo");
        var admin = await ApiKeys.CreateAsync(gateway, "ops", "ops", "admin");
        var (_, key) = await Rest.SendAsync(gateway, HttpMethod.Post, "/v1/keys",
            new JsonObject { ["name"] = "rotated", ["agent"] = "bot-1", ["scopes"] = new JsonArray("tools:read") }, apiKey: admin);
        var id = key["id"]!.GetValue<string>();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Rest.SendAsync(gateway, HttpMethod.Post, $"/v1/keys/{id}/rotate", apiKey: admin)));
        var (_, list) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/keys", apiKey: admin);

        var won = Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.NotFound, a.Status));
        var named = list["data"]!.AsArray().Where(k => k!["name"]!.GetValue<string>() == "rotated").ToList();
        Assert.Equal(2, named.Count);
        var active = Assert.Single(named, k => k!["state"]!.GetValue<string>() == "active");
        Assert.Equal(won.Body["id"]!.GetValue<string>(), active!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: won.Body["secret"]!.GetValue<string>())).Status);
    }

    /// <summary>The process that revokes or rotates a key forgets its cached lookup at once: the next request is refused.</summary>
    [Fact]
    public async Task RevokeAndRotate_KeyJustUsed_RefusedOnTheNextRequest()
    {
        await using var gateway = await GatewayProcess.StartAsync(KeysConfigHeader + TestConfigs.StdioUpstream("demo"), "demo");
        var admin = await ApiKeys.CreateAsync(gateway, "ops", "ops", "admin");
        var revoked = await ApiKeys.CreateAsync(gateway, "to-revoke", "bot-1", "tools:read");
        var rotated = await ApiKeys.CreateAsync(gateway, "to-rotate", "bot-2", "tools:read");
        var (_, keys) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/keys", apiKey: admin);
        var rotatedId = keys["data"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "to-rotate")!["id"]!.GetValue<string>();

        // Each lookup is now cached for a few seconds.
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: revoked)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: rotated)).Status);
        var (revokeStatus, _) = await Rest.SendAsync(gateway, HttpMethod.Delete, "/v1/keys/to-revoke", apiKey: admin);
        var (rotateStatus, _) = await Rest.SendAsync(gateway, HttpMethod.Post, $"/v1/keys/{rotatedId}/rotate", apiKey: admin);
        var (afterRevoke, _) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: revoked);
        var (afterRotate, _) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: rotated);

        Assert.Equal(HttpStatusCode.NoContent, revokeStatus);
        Assert.Equal(HttpStatusCode.OK, rotateStatus);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRotate);
    }

    /// <summary>
    /// A key revoked through one process (REST) or by the CLI reaches the other processes on the store through the change
    /// feed (SQLite: the file's change counter, polled once a second) instead of waiting out their lookup cache.
    /// </summary>
    [Fact]
    public async Task Revoke_ThroughOneProcessOrTheCli_TheOtherProcessRefusesTheKey()
    {
        await using var a = await GatewayProcess.StartAsync(KeysConfigHeader + TestConfigs.StdioUpstream("demo"), "demo");
        await using var b = await a.StartBesideAsync("demo");
        var admin = await ApiKeys.CreateAsync(a, "ops", "ops", "admin");
        var byRest = await ApiKeys.CreateAsync(a, "by-rest", "bot-1", "tools:read");
        var byCli = await ApiKeys.CreateAsync(a, "by-cli", "bot-2", "tools:read");
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(b, HttpMethod.Get, "/v1/tools", apiKey: byRest)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Rest.SendAsync(a, HttpMethod.Get, "/v1/tools", apiKey: byCli)).Status);

        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await Rest.SendAsync(a, HttpMethod.Delete, "/v1/keys/by-rest", apiKey: admin)).Status);
        await WaitStatusAsync(b, byRest, HttpStatusCode.Unauthorized);
        output.WriteLine($"process b refused the key {clock.ElapsedMilliseconds} ms after the DELETE on process a");

        var cli = await CliRunner.RunAsync(a.Dir, "keys", "revoke", "--config", a.ConfigPath, "by-cli");
        Assert.True(cli.ExitCode == 0, cli.Stderr);
        clock.Restart();
        await WaitStatusAsync(a, byCli, HttpStatusCode.Unauthorized);
        output.WriteLine($"process a refused the key {clock.ElapsedMilliseconds} ms after mcpgw keys revoke ended");
        Assert.DoesNotContain("were not told", cli.Stderr, StringComparison.Ordinal);
    }

    // Another process hears of a revocation through the change feed (its lookup cache bounds a missed notice), so poll.
    private static Task WaitStatusAsync(GatewayProcess gateway, string secret, HttpStatusCode expected) =>
        gateway.WaitUntilAsync(
            async () => (await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/tools", apiKey: secret)).Status == expected,
            $"GET /v1/tools to answer {expected}", timeoutSeconds: 20);
}
