using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Arguments;
using ModelContextProtocol.Protocol;

namespace McpGateway.Policy.Stages.StateVerify;

/// <summary>
/// Calls a read tool on the gateway's own behalf (state refetch, reconciliation probe) and returns what it said as a
/// JSON object: its structured content, else its text parsed as JSON. Only read-only tools may be called this way.
/// </summary>
public sealed class StateReader(ToolCatalog catalog, UpstreamHub hub)
{
    /// <summary>The per-read timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls <paramref name="reference"/> with its arguments rendered over <paramref name="variables"/>.</summary>
    /// <param name="reference">The tool and its templated arguments.</param>
    /// <param name="connector">The connector of the call being checked (a bare tool name is looked up there).</param>
    /// <param name="variables">The template variables (<c>args</c>, ...).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<StateReadResult> ReadAsync(ToolReference reference, string connector, JsonObject variables, CancellationToken cancellationToken)
    {
        var snapshot = catalog.Current;
        if (!snapshot.TryResolve(reference.Tool, null, out var card) && !snapshot.TryResolve(reference.Tool, connector, out card))
        {
            return StateReadResult.Error($"the read tool '{reference.Tool}' is not available");
        }

        if (!card.ReadOnly)
        {
            return StateReadResult.Error($"'{card.Name}' is not read-only, so the gateway will not call it on its own");
        }

        if (!hub.TryGet(card.Connector, out var connection))
        {
            return StateReadResult.Error($"connector '{card.Connector}' is not configured");
        }

        var args = ArgumentTemplate.RenderObject(reference.Args, variables);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var result = await connection.CallToolAsync(card.UpstreamName, ArgumentsJson(args), null, null, null, true, timeout.Token);
            if (result.IsError == true)
            {
                return StateReadResult.Error($"'{card.Name}' reported an error: {Text(result)}");
            }

            return ToState(result) is { } state ? StateReadResult.Ok(state, card.Name) : StateReadResult.Error($"'{card.Name}' returned no JSON object");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return StateReadResult.Error($"'{card.Name}' did not answer within {Timeout.TotalSeconds:0.#}s");
        }
        catch (Exception ex) when (ex is UpstreamUnavailableException or ModelContextProtocol.McpException or IOException or HttpRequestException or InvalidOperationException)
        {
            return StateReadResult.Error($"'{card.Name}' could not be called: {ex.Message}");
        }
    }

    /// <summary>The result's structured content, or its first text block parsed as a JSON object.</summary>
    public static JsonObject? ToState(CallToolResult result)
    {
        if (result.StructuredContent is { ValueKind: JsonValueKind.Object } structured)
        {
            return JsonNode.Parse(structured.GetRawText()) as JsonObject;
        }

        try
        {
            return JsonNode.Parse(Text(result)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private static Dictionary<string, JsonElement> ArgumentsJson(JsonObject args) => Pipeline.ArgumentsJson.FromObject(args);
}
