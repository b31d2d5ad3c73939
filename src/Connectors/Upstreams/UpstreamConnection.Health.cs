using System.Net;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Connectors.Upstreams;

public sealed partial class UpstreamConnection
{
    private TaskCompletionSource _checkNow = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Asks the supervisor to ping now (a call just failed to reach the upstream at all).</summary>
    private void CheckNow() => _checkNow.TrySetResult();

    /// <summary>Waits until the client ends (process exit, closed stream), two pings miss, or the HTTP session is lost.</summary>
    private async Task<(string Reason, bool SessionLost)> WaitUntilBrokenAsync(CancellationToken ct)
    {
        var client = _client!;
        var broken = _broken.Task;
        var misses = 0;
        while (true)
        {
            var checkNow = _checkNow.Task;
            var tick = Task.Delay(_options.HealthInterval, _time, ct);
            var done = await Task.WhenAny(client.Completion, broken, checkNow, tick);
            ct.ThrowIfCancellationRequested();
            if (done == client.Completion)
            {
                var details = await client.Completion;
                return details is HttpClientCompletionDetails { HttpStatusCode: HttpStatusCode.NotFound } && !IsStateless(client)
                    ? ("the upstream forgot the session", true)
                    : (DescribeCompletion(details), false);
            }

            if (done == broken)
            {
                return (_referenceChanged.Task.IsCompleted ? "a connection it uses changed" : "the upstream forgot the session", true);
            }

            if (done == checkNow)
            {
                _checkNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            misses = await PingAsync(client, ct) ? 0 : misses + 1;
            if (misses >= 2)
            {
                return ($"the upstream stopped answering (2 pings missed, {_options.HealthTimeout.TotalSeconds:0}s each)", false);
            }

            if (misses == 1)
            {
                CheckNow();
            }
        }
    }

    private async Task<bool> PingAsync(McpClient client, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.HealthTimeout);
        try
        {
            if (IsStateless(client))
            {
                // 2026-07-28 removed ping; server/discover is the cheap request every such server answers.
                await client.SendRequestAsync(new JsonRpcRequest { Method = RequestMethods.ServerDiscover, Params = new JsonObject() }, timeout.Token);
            }
            else
            {
                await client.PingAsync(cancellationToken: timeout.Token);
            }

            return true;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
