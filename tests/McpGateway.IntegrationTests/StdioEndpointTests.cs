using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary><c>mcpgw stdio</c>: the aggregated surface on stdin/stdout, as a desktop client starts it.</summary>
public sealed class StdioEndpointTests : IAsyncLifetime
{
    private readonly StringBuilder _stderr = new();
    private string _dir = null!;
    private Process? _raw;

    private string ConfigPath => Path.Combine(_dir, "connectors.yaml");

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("mcpgw-stdio-").FullName;
        await File.WriteAllTextAsync(ConfigPath, TestConfigs.WithDemo());
    }

    public async Task DisposeAsync()
    {
        if (_raw is { HasExited: false })
        {
            _raw.Kill(entireProcessTree: true);
            await _raw.WaitForExitAsync();
        }

        _raw?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Stdio_CallTool_ReturnsUpstreamResult()
    {
        await using var client = await ConnectAsync();
        await WaitForToolAsync(client, "demo__echo");

        var result = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "hello stdio" });

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("hello stdio", Assert.IsType<TextContentBlock>(result.Content[0]).Text);
    }

    [Fact]
    public async Task Stdio_ListResourcesAndPrompts_AreNamespaced()
    {
        await using var client = await ConnectAsync();
        await WaitForToolAsync(client, "demo__echo");

        var resources = await client.ListResourcesAsync();
        var templates = await client.ListResourceTemplatesAsync();
        var prompts = await client.ListPromptsAsync();
        var hello = await client.ReadResourceAsync("demo+test://static/hello");
        var greeting = await client.GetPromptAsync("demo__greet", new Dictionary<string, object?> { ["name"] = "stdio" });

        Assert.Contains(resources, r => r.Uri == "demo+test://static/hello");
        Assert.Contains(templates, t => t.UriTemplate == "demo+test://items/{id}");
        Assert.Contains(prompts, p => p.Name == "demo__greet");
        Assert.Equal("hello world", Assert.IsType<TextResourceContents>(hello.Contents[0]).Text);
        Assert.Equal("Hello, stdio!", Assert.IsType<TextContentBlock>(greeting.Messages[0].Content).Text);
    }

    /// <summary>
    /// The SDK's stdio client skips lines it cannot parse, so a successful call does not prove stdout is clean: read
    /// the raw stream and require every line, to the process's exit, to be a JSON-RPC message.
    /// </summary>
    [Fact]
    public async Task Stdio_Stdout_CarriesOnlyJsonRpcUntilExit()
    {
        var process = _raw = StartRaw();
        var lines = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var reader = new RawSession(process, lines, timeout.Token);

        await reader.RequestAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-06-18",
            ["capabilities"] = new JsonObject(),
            ["clientInfo"] = new JsonObject { ["name"] = "raw-test", ["version"] = "1.0" },
        });
        await reader.NotifyAsync("notifications/initialized");
        while (!(await reader.RequestAsync("tools/list", new JsonObject())).ToJsonString().Contains("\"demo__echo\"", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }

        var call = await reader.RequestAsync("tools/call", new JsonObject { ["name"] = "demo__echo", ["arguments"] = new JsonObject { ["text"] = "raw" } });
        process.StandardInput.Close();
        await reader.ReadToEndAsync();
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal("raw", call["result"]!["content"]![0]!["text"]!.GetValue<string>());
        Assert.All(lines, line => Assert.True(
            RawSession.TryParse(line)?["jsonrpc"] is JsonValue version && version.TryGetValue<string>(out var v) && v == "2.0",
            "Not a JSON-RPC message on stdout: " + line));
        Assert.Equal(0, process.ExitCode);
    }

    private async Task<McpClient> ConnectAsync() =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "mcpgw",
            Command = "dotnet",
            Arguments = [TestPaths.GatewayDll, "stdio", "--config", ConfigPath],
            WorkingDirectory = _dir,
            StandardErrorLines = line =>
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(line);
                }
            },
        }));

    private async Task WaitForToolAsync(McpClient client, string tool)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await client.ListToolsAsync()).Any(t => t.Name == tool))
        {
            if (DateTime.UtcNow > deadline)
            {
                lock (_stderr)
                {
                    throw new TimeoutException($"'{tool}' never appeared in tools/list. Gateway stderr:\n{_stderr}");
                }
            }

            await Task.Delay(50);
        }
    }

    private Process StartRaw()
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in new[] { TestPaths.GatewayDll, "stdio", "--config", ConfigPath })
        {
            psi.ArgumentList.Add(arg);
        }

        var process = Process.Start(psi)!;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Hand-written JSON-RPC over the process's pipes; keeps every stdout line it reads.</summary>
    private sealed class RawSession(Process process, List<string> lines, CancellationToken ct)
    {
        private int _nextId;

        public async Task<JsonObject> RequestAsync(string method, JsonObject parameters)
        {
            var id = ++_nextId;
            await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            while (true)
            {
                var line = await process.StandardOutput.ReadLineAsync(ct)
                    ?? throw new InvalidOperationException($"stdout ended while waiting for the answer to {method}.");
                lines.Add(line);
                if (TryParse(line) is { } message && message["id"]?.GetValueKind() == JsonValueKind.Number &&
                    message["id"]!.GetValue<int>() == id)
                {
                    return message;
                }
            }
        }

        public Task NotifyAsync(string method) => WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method });

        public async Task ReadToEndAsync()
        {
            while (await process.StandardOutput.ReadLineAsync(ct) is { } line)
            {
                lines.Add(line);
            }
        }

        public static JsonObject? TryParse(string line)
        {
            try
            {
                return JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private async Task WriteAsync(JsonObject message)
        {
            await process.StandardInput.WriteLineAsync(message.ToJsonString().AsMemory(), ct);
            await process.StandardInput.FlushAsync(ct);
        }
    }
}
