using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using Microsoft.AspNetCore.Http.Features;

namespace McpGateway.Admin;

/// <summary>
/// <c>GET /v1/runs/{id}/events</c>: a run as server-sent events. First <c>state</c> (the run with its nodes), then
/// <c>node</c> (a node's status or attempts changed) and <c>status</c> (the run's status or pause changed) as they happen,
/// ending after the <c>status</c> event of a terminal status. Changes are read from the run store, so a run executing on
/// another replica streams the same: the store is read at each change this process signals and otherwise every
/// <see cref="PollInterval"/> (a short poll instead of a feed: one indexed read of a run and its nodes per watcher).
/// </summary>
internal static class RunEventStream
{
    /// <summary>How often the store is read when no change is signalled here.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    // A comment line now and then keeps proxies from closing a quiet stream.
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task<IResult> StreamAsync(HttpContext http, string id, FlowEngine engine, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        var details = await engine.GetRunAsync(id, http.RequestAborted);
        if (details is null)
        {
            return Problems.Create(404, "Not Found", $"No run '{id}'.");
        }

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        // Swapped before each read of the store and completed by a change of this run here; a change that slips between
        // the two is read at the next poll.
        var changed = NewSignal();
        void OnChanged(RunEvent change)
        {
            if (change.RunId == id)
            {
                changed.TrySetResult();
            }
        }

        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        engine.RunChanged += OnChanged;
        try
        {
            var writer = new ServerSentEvents(http.Response);
            var nodes = new Dictionary<(string, int), string>();
            await writer.WriteAsync("state", FlowViews.Run(details), cancellationToken);
            foreach (var node in details.Nodes)
            {
                nodes[(node.StepKey, node.Iteration)] = NodeKey(node);
            }

            var run = details.Run;
            var lastWrite = time.GetUtcNow();
            while (!RunStatuses.IsTerminal(run.Status))
            {
                await Task.WhenAny(changed.Task, Task.Delay(PollInterval, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                changed = NewSignal();
                var now = await engine.GetRunAsync(id, cancellationToken);
                if (now is null)
                {
                    break; // the run was deleted with its flow
                }

                var wrote = false;
                foreach (var node in now.Nodes)
                {
                    var key = NodeKey(node);
                    if (!nodes.TryGetValue((node.StepKey, node.Iteration), out var before) || before != key)
                    {
                        nodes[(node.StepKey, node.Iteration)] = key;
                        var view = FlowViews.Node(node);
                        view["run_id"] = id;
                        await writer.WriteAsync("node", view, cancellationToken);
                        wrote = true;
                    }
                }

                if (now.Run.Status != run.Status || now.Run.PauseReason != run.PauseReason)
                {
                    await writer.WriteAsync("status", Status(now), cancellationToken);
                    wrote = true;
                }

                run = now.Run;
                if (wrote)
                {
                    lastWrite = time.GetUtcNow();
                }
                else if (time.GetUtcNow() - lastWrite >= KeepAlive)
                {
                    await writer.CommentAsync(cancellationToken);
                    lastWrite = time.GetUtcNow();
                }
            }

            if (RunStatuses.IsTerminal(details.Run.Status))
            {
                // Already ended when asked: the one rule for clients is that the stream ends after a terminal status.
                await writer.WriteAsync("status", Status(details), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the client went away, or the gateway is stopping: the stream just ends
        }
        finally
        {
            engine.RunChanged -= OnChanged;
        }

        return Results.Empty;
    }

    private static string NodeKey(NodeExecution node) => string.Create(CultureInfo.InvariantCulture, $"{node.Status}/{node.Attempts}");

    private static JsonObject Status(RunDetails details) => new()
    {
        ["run_id"] = details.Run.Id,
        ["status"] = details.Run.Status,
        ["error"] = details.Run.Error,
        ["pause_reason"] = details.Run.PauseReason,
        ["outputs"] = details.Run.Outputs?.DeepClone(),
        ["finished_at"] = details.Run.FinishedAt,
        ["usage"] = details.Usage is { } usage && RunStatuses.IsTerminal(details.Run.Status) ? FlowViews.Usage(usage) : null,
    };

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
