using System.Diagnostics;
using System.Text.Json.Nodes;

namespace McpGateway.IntegrationTests.Clients;

/// <summary>
/// Runs tests/clients/ts-client.mjs, the TypeScript SDK v2 client (<c>@modelcontextprotocol/client</c> 2.4.0), as a
/// child process: one script in (revision, transport, operations, scripted answers), one JSON result out.
/// </summary>
internal static class TsClient
{
    /// <summary>The stateless revision: the client pins it (<c>server/discover</c>, no <c>initialize</c>, no session).</summary>
    public const string Modern = "2026-07-28";

    /// <summary>The session revision: the client's default legacy mode (<c>initialize</c>, <c>Mcp-Session-Id</c>).</summary>
    public const string Legacy = "2025-11-25";

    public const string NotInstalled = "npm packages missing: run npm ci in tests/clients (.ci/run does)";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public static string Dir => Path.Combine(TestPaths.RepoRoot, "tests", "clients");

    public static bool Installed =>
        File.Exists(Path.Combine(Dir, "node_modules", "@modelcontextprotocol", "client", "package.json"));

    /// <summary>Streamable HTTP to <paramref name="url"/>, with <c>Authorization: Bearer</c> when a key or token is given.</summary>
    public static JsonObject Http(Uri url, string? bearer)
    {
        var transport = new JsonObject { ["kind"] = "http", ["url"] = url.ToString() };
        if (bearer is not null)
        {
            transport["headers"] = new JsonObject { ["Authorization"] = "Bearer " + bearer };
        }

        return transport;
    }

    /// <summary>Streamable HTTP to <paramref name="url"/>, but every MRTR retry (a POST with <c>inputResponses</c>) to <paramref name="retryUrl"/>.</summary>
    public static JsonObject Http(Uri url, string? bearer, Uri retryUrl)
    {
        var transport = Http(url, bearer);
        transport["retryUrl"] = retryUrl.ToString();
        return transport;
    }

    /// <summary><c>mcpgw stdio --config ... --key ...</c> in the gateway's directory, beside its <c>serve</c> process (same store).</summary>
    public static JsonObject Stdio(GatewayProcess gateway, string key) => new()
    {
        ["kind"] = "stdio",
        ["command"] = "dotnet",
        ["args"] = new JsonArray(TestPaths.GatewayDll, "stdio", "--config", gateway.ConfigPath, "--key", key),
        ["cwd"] = gateway.Dir,
    };

    public static JsonObject CallTool(string name, JsonObject? arguments = null, bool progress = false) => new()
    {
        ["op"] = "callTool", ["name"] = name, ["arguments"] = arguments ?? [], ["progress"] = progress,
    };

    public static JsonObject ListTools() => new() { ["op"] = "listTools" };

    public static JsonObject WaitForTool(string name) => new() { ["op"] = "waitForTool", ["name"] = name };

    public static JsonObject ReadResource(string uri) => new() { ["op"] = "readResource", ["uri"] = uri };

    public static JsonObject GetPrompt(string name, JsonObject arguments) => new() { ["op"] = "getPrompt", ["name"] = name, ["arguments"] = arguments };

    public static JsonObject CompletePrompt(string prompt, string argument, string value) => new()
    {
        ["op"] = "complete",
        ["ref"] = new JsonObject { ["type"] = "ref/prompt", ["name"] = prompt },
        ["argument"] = new JsonObject { ["name"] = argument, ["value"] = value },
    };

    /// <summary>An elicitation answer: accept with <paramref name="content"/>, or another action.</summary>
    public static JsonObject Elicit(string action, JsonObject? content = null)
    {
        var answer = new JsonObject { ["action"] = action };
        if (content is not null)
        {
            answer["content"] = content;
        }

        return answer;
    }

    /// <summary>A sampling answer: the assistant's text.</summary>
    public static JsonObject Sample(string text) => new()
    {
        ["role"] = "assistant", ["content"] = new JsonObject { ["type"] = "text", ["text"] = text }, ["model"] = "test-model", ["stopReason"] = "endTurn",
    };

    /// <summary>
    /// Runs one script. <paramref name="elicitation"/> and <paramref name="sampling"/>, when given, declare the capability
    /// and are the answers handed out in order. Fails the test if the client could not connect or did not finish.
    /// </summary>
    public static async Task<TsClientRun> RunAsync(
        string revision, JsonObject transport, IEnumerable<JsonObject> operations, JsonArray? elicitation = null, JsonArray? sampling = null)
    {
        var script = new JsonObject
        {
            ["revision"] = revision,
            ["transport"] = transport,
            ["operations"] = new JsonArray([.. operations]),
        };
        if (elicitation is not null)
        {
            script["elicitation"] = elicitation;
        }

        if (sampling is not null)
        {
            script["sampling"] = sampling;
        }

        var scriptPath = Path.Combine(Path.GetTempPath(), $"mcpgw-ts-client-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scriptPath, script.ToJsonString());
        try
        {
            return await RunScriptAsync(scriptPath);
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    private static async Task<TsClientRun> RunScriptAsync(string scriptPath)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Dir,
        };
        psi.ArgumentList.Add(Path.Combine(Dir, "ts-client.mjs"));
        psi.ArgumentList.Add(scriptPath);

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"ts-client.mjs did not finish within {RunTimeout}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var output = lines.Length > 0 ? JsonNode.Parse(lines[^1]) : null;
        Assert.True(
            process.ExitCode == 0 && output?["fatal"] is null,
            $"ts-client.mjs exited with {process.ExitCode}.\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        return new TsClientRun(output!);
    }
}
