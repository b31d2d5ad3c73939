#pragma warning disable MCPEXP002 // The SDK's seams for extensions (custom methods, alternate results) are marked experimental.

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The tasks extension (<c>io.modelcontextprotocol/tasks</c>, SEP-2663) with the suite's task fixtures: <c>greet</c>
/// (never a task), <c>slow_compute {seconds}</c> (a task that completes after the seconds, or is cancelled),
/// <c>failing_job</c> (a task that completes with a tool error) and <c>confirm_delete {filename}</c> (a task that waits
/// for an elicitation answered with <c>tasks/update</c>). A tool answers with a task only to a 2026-07-28 request that
/// declares the extension; otherwise it runs to its result. Tasks live in this process's memory.
/// </summary>
internal static class TaskFixtures
{
    public const string Extension = "io.modelcontextprotocol/tasks";

    private static readonly ConcurrentDictionary<string, TaskEntry> Tasks = new(StringComparer.Ordinal);
    private static readonly string[] TaskTools = ["slow_compute", "failing_job", "confirm_delete"];

    public static void AddTo(McpServerOptions options)
    {
        options.Capabilities!.Extensions ??= new Dictionary<string, object>();
        options.Capabilities.Extensions[Extension] = new JsonObject();
        var tools = options.ToolCollection!;
        tools.Add(McpServerTool.Create((string name) => $"Hello, {name}!", new() { Name = "greet", Description = "Greets at once (never a task).", ReadOnly = true }));
        tools.Add(McpServerTool.Create(
            async (double seconds, string? label, CancellationToken ct) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
                return $"computed {label} in {seconds}s";
            },
            new() { Name = "slow_compute", Description = "Computes for the given seconds (a task where the request allows one).", ReadOnly = true }));
        tools.Add(McpServerTool.Create(
            () => new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "the job failed" }] },
            new() { Name = "failing_job", Description = "Fails with a tool error (a task where the request allows one).", ReadOnly = true }));
        tools.Add(McpServerTool.Create(
            (string filename) => $"not deleted {filename}: asked without a task",
            new() { Name = "confirm_delete", Description = "Asks to confirm deleting a file (a task waiting on input where the request allows one)." }));

        options.Filters.Request.CallToolWithAlternateFilters.Add(CallAsync);
        options.RequestHandlers ??= [];
        options.RequestHandlers.Add(new() { Method = "tasks/get", RoutingNameParameter = "taskId", Handler = (r, ct) => ValueTask.FromResult<JsonNode?>(Get(r)) });
        options.RequestHandlers.Add(new() { Method = "tasks/update", RoutingNameParameter = "taskId", Handler = (r, ct) => ValueTask.FromResult<JsonNode?>(Update(r)) });
        options.RequestHandlers.Add(new() { Method = "tasks/cancel", RoutingNameParameter = "taskId", Handler = (r, ct) => ValueTask.FromResult<JsonNode?>(Cancel(r)) });
    }

    private static async ValueTask<ResultOrAlternate<CallToolResult>> CallAsync(
        RequestContext<CallToolRequestParams> request, McpRequestHandler<CallToolRequestParams, ResultOrAlternate<CallToolResult>> next, CancellationToken ct)
    {
        if (request.Params is not { Name: { } name } p || !TaskTools.Contains(name) || !Declared(request.JsonRpcRequest))
        {
            return await next(request, ct);
        }

        var entry = new TaskEntry("task-" + Guid.NewGuid().ToString("N"));
        Tasks[entry.Id] = entry;
        var arguments = p.Arguments ?? new Dictionary<string, JsonElement>();
        switch (name)
        {
            case "slow_compute":
                var seconds = arguments.TryGetValue("seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 1;
                var label = arguments.TryGetValue("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : null;
                _ = RunAsync(entry, seconds, label);
                break;
            case "failing_job":
                entry.Finish("completed", Text("the job failed", isError: true));
                break;
            default:
                var filename = arguments.TryGetValue("filename", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : "?";
                entry.Ask("confirm", filename!);
                break;
        }

        var created = entry.View();
        created.Remove("result");
        created.Remove("inputRequests");
        return ResultOrAlternate<CallToolResult>.FromAlternate(new TaskHandle { ResultType = "task", Fields = Elements(created) }, TaskJsonContext.Default.TaskHandle);
    }

    private static async Task RunAsync(TaskEntry entry, double seconds, string? label)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), entry.Cancellation.Token);
            entry.Finish("completed", Text($"computed {label} in {seconds}s"));
        }
        catch (OperationCanceledException)
        {
            // Cancelled by tasks/cancel, which set the status.
        }
    }

    private static JsonObject Get(RequestContext<JsonNode?> request)
    {
        var view = Find(request).View();
        view["resultType"] = "complete";
        return view;
    }

    private static JsonObject Update(RequestContext<JsonNode?> request)
    {
        var entry = Find(request);
        if (request.Params?["inputResponses"]?["confirm"] is JsonObject answer)
        {
            var accepted = answer["action"]?.GetValue<string>() == "accept" && answer["content"]?["confirm"]?.GetValueKind() == JsonValueKind.True;
            entry.Finish("completed", Text(accepted ? $"deleted {entry.Subject}" : $"kept {entry.Subject}"), onlyIf: "input_required");
        }

        return new JsonObject { ["resultType"] = "complete" };
    }

    private static JsonObject Cancel(RequestContext<JsonNode?> request)
    {
        var entry = Find(request);
        entry.Finish("cancelled", null, onlyIfNotTerminal: true);
        entry.Cancellation.Cancel();
        return new JsonObject { ["resultType"] = "complete" };
    }

    private static TaskEntry Find(RequestContext<JsonNode?> request)
    {
        if (!Declared(request.JsonRpcRequest))
        {
            throw new MissingRequiredClientCapabilityException(
                new ClientCapabilities { Extensions = new Dictionary<string, object> { [Extension] = new JsonObject() } }, "tasks/* needs the tasks extension.");
        }

        return request.Params?["taskId"]?.GetValueKind() == JsonValueKind.String && Tasks.TryGetValue(request.Params["taskId"]!.GetValue<string>(), out var entry)
            ? entry
            : throw new McpProtocolException("Unknown taskId.", McpErrorCode.InvalidParams);
    }

    private static bool Declared(JsonRpcRequest request) =>
        request.Context?.ClientCapabilities?.Extensions?.ContainsKey(Extension) is true ||
        (request.Params?["_meta"]?["io.modelcontextprotocol/clientCapabilities"]?["extensions"] is JsonObject extensions && extensions.ContainsKey(Extension));

    private static JsonObject Text(string text, bool isError = false)
    {
        var result = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) };
        if (isError)
        {
            result["isError"] = true;
        }

        return result;
    }

    private static Dictionary<string, JsonElement> Elements(JsonObject o) =>
        o.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, TaskJsonContext.Default.JsonNode));

    private sealed class TaskEntry(string id)
    {
        private readonly Lock _gate = new();
        private readonly string _createdAt = Now();
        private string _status = "working";
        private string _updatedAt = Now();
        private JsonObject? _result;
        private JsonObject? _inputRequests;

        public string Id => id;

        public string Subject { get; private set; } = "";

        public CancellationTokenSource Cancellation { get; } = new();

        public void Ask(string key, string subject)
        {
            lock (_gate)
            {
                Subject = subject;
                _status = "input_required";
                _updatedAt = Now();
                _inputRequests = new JsonObject
                {
                    [key] = new JsonObject
                    {
                        ["method"] = "elicitation/create",
                        ["params"] = new JsonObject
                        {
                            ["mode"] = "form",
                            ["message"] = $"Delete {subject}?",
                            ["requestedSchema"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["properties"] = new JsonObject { ["confirm"] = new JsonObject { ["type"] = "boolean" } },
                                ["required"] = new JsonArray("confirm"),
                            },
                        },
                    },
                };
            }
        }

        public void Finish(string status, JsonObject? result, string? onlyIf = null, bool onlyIfNotTerminal = false)
        {
            lock (_gate)
            {
                if ((onlyIf is not null && _status != onlyIf) || (onlyIfNotTerminal && _status is "completed" or "failed" or "cancelled"))
                {
                    return;
                }

                _status = status;
                _result = result;
                _inputRequests = null;
                _updatedAt = Now();
            }
        }

        public JsonObject View()
        {
            lock (_gate)
            {
                var view = new JsonObject
                {
                    ["taskId"] = id, ["status"] = _status, ["createdAt"] = _createdAt, ["lastUpdatedAt"] = _updatedAt, ["ttlMs"] = 600_000, ["pollIntervalMs"] = 100,
                };
                if (_result is not null)
                {
                    view["result"] = _result.DeepClone();
                }

                if (_inputRequests is not null)
                {
                    view["inputRequests"] = _inputRequests.DeepClone();
                }

                return view;
            }
        }

        private static string Now() => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
