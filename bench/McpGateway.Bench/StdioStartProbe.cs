using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpGateway.Bench;

/// <summary>
/// Starts <c>mcpgw stdio</c> from <c>/</c> as a desktop client would, with two stdio upstreams (TestUpstream twice),
/// and times the first answers (<see cref="StdioStart"/>).
/// </summary>
internal static class StdioStartProbe
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<StdioStart> MeasureAsync(BenchPaths paths, IReadOnlyDictionary<string, string> environment, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("mcpgw-bench-stdio-").FullName;
        try
        {
            var upstream = JsonSerializer.Serialize(paths.UpstreamDll);
            var config = Path.Combine(directory, "connectors.yaml");
            await File.WriteAllTextAsync(config, $"""
                gateway:
                  data_dir: ./data
                connectors:
                  one:
                    kind: mcp-stdio
                    command: dotnet
                    args: [{upstream}]
                  two:
                    kind: mcp-stdio
                    command: dotnet
                    args: [{upstream}]
                """, ct);
            string[] args = ["stdio", "--config", config];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Bound);

            double initialize, first, complete;
            await using (var session = RawStdioClient.Start(paths.GatewayDll, args, "/", environment))
            {
                await session.RequestAsync("initialize", new JsonObject
                {
                    ["protocolVersion"] = BenchClients.ProtocolVersion,
                    ["capabilities"] = new JsonObject(),
                    ["clientInfo"] = new JsonObject { ["name"] = "bench", ["version"] = "1.0" },
                }, timeout.Token);
                initialize = session.ElapsedMs;
                await session.NotifyAsync("notifications/initialized");
                first = double.NaN;
                while (true)
                {
                    var listed = (await session.RequestAsync("tools/list", new JsonObject(), timeout.Token)).ToJsonString();
                    first = double.IsNaN(first) ? session.ElapsedMs : first;
                    if (listed.Contains("\"one__echo\"", StringComparison.Ordinal) && listed.Contains("\"two__echo\"", StringComparison.Ordinal))
                    {
                        complete = session.ElapsedMs;
                        break;
                    }

                    // The catalog announces each upstream that comes up; ask again then, or after a short bound.
                    await session.WaitForNotificationAsync("notifications/tools/list_changed", TimeSpan.FromMilliseconds(250), timeout.Token);
                }
            }

            double discover;
            await using (var session = RawStdioClient.Start(paths.GatewayDll, args, "/", environment))
            {
                await session.RequestAsync("server/discover", new JsonObject
                {
                    ["_meta"] = new JsonObject
                    {
                        ["io.modelcontextprotocol/protocolVersion"] = BenchClients.StatelessVersion,
                        ["io.modelcontextprotocol/clientInfo"] = new JsonObject { ["name"] = "bench", ["version"] = "1.0" },
                        ["io.modelcontextprotocol/clientCapabilities"] = new JsonObject(),
                    },
                }, timeout.Token);
                discover = session.ElapsedMs;
            }

            return new StdioStart(initialize, first, complete, discover);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }
}
