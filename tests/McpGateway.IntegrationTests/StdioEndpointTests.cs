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
    private const string Revision = "2026-07-28";
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

    [Fact]
    public async Task Stdio_SdkClientOf2026_NegotiatesItAndListsCallsReadsAndGets()
    {
        await using var client = await ConnectAsync();
        await WaitForToolAsync(client, "demo__echo");

        var echoed = await client.CallToolAsync("demo__echo", new Dictionary<string, object?> { ["text"] = "stdio 2026" });
        var hello = await client.ReadResourceAsync("demo+test://static/hello");
        var greeting = await client.GetPromptAsync("demo__greet", new Dictionary<string, object?> { ["name"] = "2026" });

        Assert.Equal(Revision, client.NegotiatedProtocolVersion);
        Assert.True(client.ServerCapabilities.Tools?.ListChanged);
        Assert.Equal("stdio 2026", Assert.IsType<TextContentBlock>(echoed.Content[0]).Text);
        Assert.Equal("hello world", Assert.IsType<TextResourceContents>(hello.Contents[0]).Text);
        Assert.Equal("Hello, 2026!", Assert.IsType<TextContentBlock>(greeting.Messages[0].Content).Text);
    }

    [Fact]
    public async Task Stdio_SdkClientOf2025_KeepsItsSessionWithListChangedAndSubscriptions()
    {
        await using var client = await ConnectAsync(TestClients.Sessions());
        await WaitForToolAsync(client, "demo__echo");
        var toolsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var onChanged = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            toolsChanged.TrySetResult();
            return ValueTask.CompletedTask;
        });
        await using var subscription = await client.SubscribeToResourceAsync("demo+test://static/hello", (p, _) =>
        {
            updated.TrySetResult(p.Uri);
            return ValueTask.CompletedTask;
        });

        await client.CallToolAsync("demo__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });
        await client.CallToolAsync("demo__add_tool", new Dictionary<string, object?> { ["name"] = "session_tool" });

        Assert.Equal(TestClients.SessionRevision, client.NegotiatedProtocolVersion);
        Assert.Equal("demo+test://static/hello", await updated.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await toolsChanged.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Stdio_ListenOf2026_GetsOnlyTaggedChangesOnTheListen()
    {
        await using var client = await ConnectAsync();
        await WaitForToolAsync(client, "demo__echo");
        var untagged = 0;
        await using var counter = client.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (n, _) =>
        {
            if (n.Params?["_meta"]?[ListenRecorder.SubscriptionIdKey] is null)
            {
                Interlocked.Increment(ref untagged);
            }

            return ValueTask.CompletedTask;
        });
        await using var prompts = await ListenRecorder.OpenAsync(client, "stdio-prompts", new JsonObject { ["promptsListChanged"] = true });
        await using var tools = await ListenRecorder.OpenAsync(client, "stdio-tools", new JsonObject { ["toolsListChanged"] = true, ["resourceSubscriptions"] = new JsonArray("demo+test://static/hello") });

        await client.CallToolAsync("demo__add_tool", new Dictionary<string, object?> { ["name"] = "listened_on_stdio" });
        await tools.WaitForAsync(NotificationMethods.ToolListChangedNotification);
        await client.CallToolAsync("demo__touch_resource", new Dictionary<string, object?> { ["uri"] = "test://static/hello" });
        var updated = await tools.WaitForAsync(NotificationMethods.ResourceUpdatedNotification);
        await client.CallToolAsync("demo__add_prompt", new Dictionary<string, object?> { ["name"] = "listened_prompt" });
        await prompts.WaitForAsync(NotificationMethods.PromptListChangedNotification);

        Assert.Equal("demo+test://static/hello", updated["uri"]!.GetValue<string>());
        Assert.DoesNotContain(prompts.Received, r => r.Method == NotificationMethods.ToolListChangedNotification);
        Assert.Equal(0, untagged);
    }

    [Fact]
    public async Task Stdio_2026RequestsWithBadMeta_GetTheNamedErrors()
    {
        var process = _raw = StartRaw();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var raw = new RawSession(process, [], timeout.Token);
        static JsonObject Meta(string version = Revision, bool capabilities = true)
        {
            var meta = new JsonObject { ["io.modelcontextprotocol/protocolVersion"] = version, ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" } };
            if (capabilities)
            {
                meta["io.modelcontextprotocol/clientCapabilities"] = new JsonObject();
            }

            return new JsonObject { ["_meta"] = meta };
        }

        static int Code(JsonObject answer) => answer["error"]?["code"]?.GetValue<int>() ?? 0;

        var unknownVersion = await raw.RequestAsync("server/discover", Meta("v999.0.0"));
        var discover = await raw.RequestAsync("server/discover", Meta());
        var noMeta = await raw.RequestAsync("tools/list", new JsonObject());
        var noCapabilities = await raw.RequestAsync("tools/list", Meta(capabilities: false));
        var ping = await raw.RequestAsync("ping", Meta());
        var subscribe = await raw.RequestAsync("resources/subscribe", new JsonObject { ["uri"] = "demo+test://static/hello", ["_meta"] = Meta()["_meta"]!.DeepClone() });
        var setLevel = await raw.RequestAsync("logging/setLevel", new JsonObject { ["level"] = "debug", ["_meta"] = Meta()["_meta"]!.DeepClone() });
        var listed = await raw.RequestAsync("tools/list", Meta());

        Assert.Equal(-32022, Code(unknownVersion));
        Assert.Contains(Revision, unknownVersion["error"]!["data"]!["supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal([Revision], discover["result"]!["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(-32602, Code(noMeta));
        Assert.Equal(-32602, Code(noCapabilities));
        Assert.Equal(-32601, Code(ping));
        Assert.Equal(-32601, Code(subscribe));
        Assert.Equal(-32601, Code(setLevel));
        Assert.NotNull(listed["result"]?["tools"]);
    }

    [Fact]
    public async Task Stdio_2026FlowToolDeclaringTasks_AnswersATask_ReadToCompletionWithTasksGet()
    {
        var flows = Directory.CreateDirectory(Path.Combine(_dir, "flows")).FullName;
        await File.WriteAllTextAsync(Path.Combine(flows, "stdio-task.yaml"), """
            name: stdio-task
            status: ENABLED
            publish: true
            steps:
              - key: make
                type: transform
                value: { ok: true }
            output: "{{ steps.make.output }}"
            """);
        await File.WriteAllTextAsync(ConfigPath, TestConfigs.WithDemo().Replace("  data_dir: ./data", $"  data_dir: ./data\n  flows_dir: \"{flows}\"", StringComparison.Ordinal));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var raw = new RawSession(_raw = StartRaw(), [], timeout.Token);
        static JsonObject With(JsonObject parameters, bool tasks = true)
        {
            var capabilities = tasks ? new JsonObject { ["extensions"] = new JsonObject { ["io.modelcontextprotocol/tasks"] = new JsonObject() } } : [];
            parameters["_meta"] = new JsonObject
            {
                ["io.modelcontextprotocol/protocolVersion"] = Revision,
                ["io.modelcontextprotocol/clientCapabilities"] = capabilities,
                ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
            };
            return parameters;
        }

        var discover = await raw.RequestAsync("server/discover", With([]));
        while (!(await raw.RequestAsync("tools/list", With([]))).ToJsonString().Contains("\"flow__stdio-task\"", StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }

        var created = await raw.RequestAsync("tools/call", With(new JsonObject { ["name"] = "flow__stdio-task", ["arguments"] = new JsonObject() }));
        var taskId = created["result"]!["taskId"]!.GetValue<string>();
        var undeclared = await raw.RequestAsync("tasks/get", With(new JsonObject { ["taskId"] = taskId }, tasks: false));
        JsonObject task;
        while ((task = (await raw.RequestAsync("tasks/get", With(new JsonObject { ["taskId"] = taskId })))["result"]!.AsObject())["status"]!.GetValue<string>() != "completed")
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.NotNull(discover["result"]!["capabilities"]!["extensions"]!["io.modelcontextprotocol/tasks"]);
        Assert.Equal("task", created["result"]!["resultType"]!.GetValue<string>());
        Assert.StartsWith("run_", taskId, StringComparison.Ordinal);
        Assert.Equal(-32021, undeclared["error"]!["code"]!.GetValue<int>());
        Assert.True(task["result"]!["structuredContent"]!["ok"]!.GetValue<bool>());
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

    /// <summary>
    /// A desktop client waits on <c>initialize</c>: stdio answers it before the start has opened the stores. The store
    /// here is a PostgreSQL address that accepts connections and never answers, so the start cannot finish; initialize
    /// is answered all the same, a tools/list waits, and when the store refuses at last the start fails with its reason
    /// and the list is never answered with something half-started.
    /// </summary>
    [Fact]
    public async Task Stdio_StoreNotOpenYet_AnswersInitializeAndHoldsTheRestUntilStarted()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<System.Net.Sockets.Socket>();
        using var stopAccepting = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Add(await silent.AcceptSocketAsync(stopAccepting.Token));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        await File.WriteAllTextAsync(ConfigPath, TestConfigs.WithDemo().Replace(
            "  data_dir: ./data", $"  data_dir: ./data\n  storage: postgres\n  postgres: \"Host=127.0.0.1;Port={port};Timeout=60;Command Timeout=60\"", StringComparison.Ordinal));

        var process = _raw = StartRaw();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var raw = new RawSession(process, [], timeout.Token);
        var initialized = await raw.RequestAsync("initialize", InitializeParams());
        var list = await raw.SendAsync("tools/list", new JsonObject());
        var ping = await raw.RequestAsync("ping", new JsonObject());

        Assert.NotNull(initialized["result"]?["serverInfo"]);
        Assert.NotNull(ping["result"]);

        // The store refuses: every connection it was waiting on is closed. The start fails; the list was held, not answered.
        await stopAccepting.CancelAsync();
        await accepting;
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }

        silent.Stop();
        var answers = new List<string>();
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            answers.Add(line);
        }

        await process.WaitForExitAsync(timeout.Token);
        Assert.NotEqual(0, process.ExitCode);
        Assert.DoesNotContain(answers, line => RawSession.TryParse(line)?["id"]?.ToJsonString() == list.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// <c>MCPGW_LOG_FORMAT=json</c>: stdio's log lines on stderr are JSON objects, and stdout stays pure JSON-RPC.
    /// </summary>
    [Fact]
    public async Task Stdio_LogFormatJson_StderrJsonLinesAndStdoutOnlyJsonRpc()
    {
        var process = _raw = StartRaw(environment: new Dictionary<string, string> { ["MCPGW_LOG_FORMAT"] = "json" });
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

        process.StandardInput.Close();
        await reader.ReadToEndAsync();
        await process.WaitForExitAsync(timeout.Token);

        Assert.All(lines, line => Assert.True(RawSession.TryParse(line)?["jsonrpc"] is not null, "Not a JSON-RPC message on stdout: " + line));
        string[] logged;
        lock (_stderr)
        {
            logged = _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        Assert.NotEmpty(logged);
        Assert.All(logged, line => Assert.True(
            RawSession.TryParse(line) is { } entry && entry["LogLevel"] is not null && entry["Category"] is not null && entry["EventId"] is not null,
            "Not a JSON log entry on stderr: " + line));
    }

    /// <summary>
    /// A desktop client starts <c>mcpgw stdio</c> in a folder of its own, often one with a large tree below it: the
    /// gateway watches connectors.yaml's folder and flows_dir, and no folder below the working folder.
    /// </summary>
    [Fact]
    public async Task Stdio_StartedInALargeTree_WatchesOnlyTheConfigFolderAndFlowsDir()
    {
        using var work = new TempDirectory("mcpgw-client-folder-");
        for (var i = 0; i < 300; i++)
        {
            Directory.CreateDirectory(Path.Combine(work.Path, $"d{i % 30}", $"e{i}"));
        }

        Directory.CreateDirectory(Path.Combine(_dir, "flows"));
        var process = _raw = StartRaw(work.Path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var raw = new RawSession(process, [], timeout.Token);
        await raw.RequestAsync("initialize", InitializeParams());
        await raw.NotifyAsync("notifications/initialized");
        var watches = InotifyWatches(process.Id);
        Assert.True(watches is >= 1 and <= 4, $"{watches} inotify watches: more than connectors.yaml's folder and flows_dir");

        await File.WriteAllTextAsync(Path.Combine(_dir, "flows", "watched.yaml"), """
            name: watched
            status: ENABLED
            publish: true
            steps:
              - key: make
                type: transform
                value: { v: one }
            output: "{{ steps.make.output }}"
            """);
        await File.WriteAllTextAsync(ConfigPath, TestConfigs.WithDemo(TestConfigs.StdioUpstream("more")));
        var tools = await WaitForRawToolsAsync(raw, ["more__echo", "flow__watched"], timeout.Token);

        Assert.Contains("\"demo__echo\"", tools, StringComparison.Ordinal);
    }

    /// <summary>
    /// stdio answers while an upstream has not even started (TestUpstream waits for a file before it reads anything),
    /// lists what is ready, and lists the late upstream's tools after telling the client with list_changed.
    /// </summary>
    [Fact]
    public async Task Stdio_UpstreamNotStartedWithinTheStartupWait_AnswersFirstAndListsItsToolsLaterWithListChanged()
    {
        var gate = Path.Combine(_dir, "upstream-may-start");
        await File.WriteAllTextAsync(ConfigPath, TestConfigs.Header.Replace("connectors:", "  startup_wait: 0s\nconnectors:", StringComparison.Ordinal) + TestConfigs.StdioUpstream("demo") + $"""
              slow:
                kind: mcp-stdio
                command: dotnet
                args: ["{TestPaths.TestUpstreamDll}", "--start-gate", "{gate}"]

            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var discoverer = StartRaw();
        try
        {
            var discovered = await new RawSession(discoverer, [], timeout.Token).RequestAsync("server/discover", new JsonObject
            {
                ["_meta"] = new JsonObject
                {
                    ["io.modelcontextprotocol/protocolVersion"] = Revision,
                    ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "raw", ["version"] = "1" },
                    ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                },
            });
            Assert.Equal([Revision], discovered["result"]!["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        }
        finally
        {
            discoverer.Kill(entireProcessTree: true);
            await discoverer.WaitForExitAsync(timeout.Token);
            discoverer.Dispose();
        }

        var lines = new List<string>();
        var process = _raw = StartRaw();
        var raw = new RawSession(process, lines, timeout.Token);
        var initialized = await raw.RequestAsync("initialize", InitializeParams());
        await raw.NotifyAsync("notifications/initialized");
        var before = (await raw.RequestAsync("tools/list", new JsonObject())).ToJsonString();
        var gateWasClosed = !File.Exists(gate);
        await File.WriteAllTextAsync(gate, "", timeout.Token);
        var after = await WaitForRawToolsAsync(raw, ["slow__echo", "demo__echo"], timeout.Token);
        while (!lines.Any(l => l.Contains("\"notifications/tools/list_changed\"", StringComparison.Ordinal)))
        {
            await raw.RequestAsync("ping", new JsonObject());
            await Task.Delay(50, timeout.Token);
        }

        Assert.True(gateWasClosed);
        Assert.NotNull(initialized["result"]?["serverInfo"]);
        Assert.DoesNotContain("slow__", before, StringComparison.Ordinal);
        Assert.Contains("\"slow__echo\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdio_FirstListAndCallWhileUpstreamsStart_WaitForThemButNotForAFailedOne()
    {
        // Two upstreams that start only when the test opens their gates, and one that cannot start at all. The wait is
        // 5 minutes, so a list that waited for the failed one would outlast the test's timeout.
        var gates = new[] { Path.Combine(_dir, "slow1-may-start"), Path.Combine(_dir, "slow2-may-start") };
        await File.WriteAllTextAsync(ConfigPath, TestConfigs.Header.Replace("connectors:", "  startup_wait: 5m\nconnectors:", StringComparison.Ordinal) + $"""
              slow1:
                kind: mcp-stdio
                command: dotnet
                args: ["{TestPaths.TestUpstreamDll}", "--start-gate", "{gates[0]}"]
              slow2:
                kind: mcp-stdio
                command: dotnet
                args: ["{TestPaths.TestUpstreamDll}", "--start-gate", "{gates[1]}"]
              broken:
                kind: mcp-stdio
                command: dotnet
                args: ["{Path.Combine(_dir, "no-such-upstream.dll")}"]

            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var raw = new RawSession(_raw = StartRaw(), [], timeout.Token);
        await raw.RequestAsync("initialize", InitializeParams());
        await raw.NotifyAsync("notifications/initialized");

        var list = await raw.SendAsync("tools/list", new JsonObject());
        var call = await raw.SendAsync("tools/call", new JsonObject { ["name"] = "slow2__echo", ["arguments"] = new JsonObject { ["text"] = "early" } });
        var ping = await raw.SendAsync("ping", new JsonObject());
        var beforeGates = await raw.ReadUntilAsync(ping);
        foreach (var gate in gates)
        {
            await File.WriteAllTextAsync(gate, "", timeout.Token);
        }

        var answers = await raw.ReadUntilAsync(list, call);

        Assert.False(beforeGates.ContainsKey(list), "tools/list answered while both upstreams were still starting");
        Assert.False(beforeGates.ContainsKey(call), "the call answered while its upstream was still starting");
        var tools = answers[list]["result"]!["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("slow1__echo", tools);
        Assert.Contains("slow2__echo", tools);
        Assert.DoesNotContain(tools, t => t.StartsWith("broken__", StringComparison.Ordinal));
        var result = answers[call]["result"]!;
        Assert.NotEqual(true, result["isError"]?.GetValue<bool>());
        Assert.Contains("early", result.ToJsonString(), StringComparison.Ordinal);
    }

    private static JsonObject InitializeParams() => new()
    {
        ["protocolVersion"] = "2025-06-18",
        ["capabilities"] = new JsonObject(),
        ["clientInfo"] = new JsonObject { ["name"] = "raw-test", ["version"] = "1.0" },
    };

    /// <summary>tools/list, asked again until every one of <paramref name="names"/> is in it; returns the last answer.</summary>
    private static async Task<string> WaitForRawToolsAsync(RawSession raw, string[] names, CancellationToken ct)
    {
        while (true)
        {
            var listed = (await raw.RequestAsync("tools/list", new JsonObject())).ToJsonString();
            if (names.All(n => listed.Contains($"\"{n}\"", StringComparison.Ordinal)))
            {
                return listed;
            }

            await Task.Delay(50, ct);
        }
    }

    /// <summary>The inotify watches a process holds (one per watched folder), from <c>/proc/PID/fdinfo</c>.</summary>
    private static int InotifyWatches(int pid)
    {
        var watches = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                continue;
            }

            if (target == "anon_inode:inotify")
            {
                watches += File.ReadLines($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify wd:", StringComparison.Ordinal));
            }
        }

        return watches;
    }

    /// <summary>
    /// Starts <c>mcpgw stdio</c> and connects. The SDK client (no version pinned) probes with server/discover and falls back
    /// to initialize if no answer comes within DiscoverProbeTimeout (5 s), which a gateway still starting on a loaded
    /// machine can miss; the tests give it the initialization timeout instead.
    /// </summary>
    private async Task<McpClient> ConnectAsync(McpClientOptions? options = null) =>
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
        }), WithPatientProbe(options ?? new McpClientOptions()));

    private static McpClientOptions WithPatientProbe(McpClientOptions options)
    {
        options.DiscoverProbeTimeout = options.InitializationTimeout;
        return options;
    }

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

    private Process StartRaw(string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? _dir,
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in new[] { TestPaths.GatewayDll, "stdio", "--config", ConfigPath })
        {
            psi.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
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

        /// <summary>Sends a request without waiting for its answer; returns its id.</summary>
        public async Task<int> SendAsync(string method, JsonObject parameters)
        {
            var id = ++_nextId;
            await WriteAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
            return id;
        }

        /// <summary>Reads until every one of <paramref name="ids"/> is answered; returns every answer read on the way, by id.</summary>
        public async Task<Dictionary<int, JsonObject>> ReadUntilAsync(params int[] ids)
        {
            var answers = new Dictionary<int, JsonObject>();
            while (!ids.All(answers.ContainsKey))
            {
                var line = await process.StandardOutput.ReadLineAsync(ct)
                    ?? throw new InvalidOperationException("stdout ended while waiting for answers.");
                lines.Add(line);
                if (TryParse(line) is { } message && message["id"]?.GetValueKind() == JsonValueKind.Number)
                {
                    answers[message["id"]!.GetValue<int>()] = message;
                }
            }

            return answers;
        }

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
