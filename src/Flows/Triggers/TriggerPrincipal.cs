using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Policy.Callers;

namespace McpGateway.Flows.Triggers;

/// <summary>
/// The identity a webhook or cron trigger starts a run as, since no API key comes with it: agent
/// <c>trigger:{webhook|cron}:{flow}</c> with <c>flows:run</c> and <c>tools:call</c> limited to the tools the run's
/// version names. Like any principal it is bounded by the version's author, so a trigger never does more than the
/// author could. The run records <c>trigger:{kind}</c> as its key id; each run's tool calls act as
/// <c>trigger:{kind}:{runId}</c>, which <see cref="Execution.RunPrincipals"/> resolves again (an approved call).
/// </summary>
public static class TriggerPrincipal
{
    /// <summary>What the ids of trigger principals start with.</summary>
    public const string Prefix = "trigger:";

    /// <summary>The webhook trigger's kind.</summary>
    public const string Webhook = "webhook";

    /// <summary>The cron trigger's kind.</summary>
    public const string Cron = "cron";

    /// <summary>The principal a trigger of <paramref name="kind"/> starts a run of <paramref name="flowName"/> as.</summary>
    public static ApiKey Starting(string kind, string flowName, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(flowName);
        var agent = Prefix + kind + ":" + flowName;
        return new ApiKey
        {
            Id = Prefix + kind,
            Name = agent,
            Agent = agent,
            Scopes = [Scopes.FlowsRun, Scopes.ToolsCall],
            Prefix = Prefix + kind,
            CreatedAt = at,
        };
    }

    /// <summary>True for a run started by a trigger (and its sub-runs, which inherit the principal).</summary>
    public static bool IsTrigger(string? keyId) => keyId is not null && keyId.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The key a trigger run's tool calls act as: its agent, and the tools <paramref name="flow"/> (its version) names.</summary>
    internal static ApiKey ForRun(FlowRun run, CompiledFlow flow)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(flow);
        var kind = run.KeyId is { } id && IsTrigger(id) ? id[Prefix.Length..] : throw new ArgumentException($"Run {run.Id} was not started by a trigger.", nameof(run));
        var agent = run.Agent ?? Prefix + kind + ":" + run.FlowName;
        return new ApiKey
        {
            Id = Prefix + kind + ":" + run.Id,
            Name = agent,
            Agent = agent,
            Scopes = [Scopes.FlowsRun, Scopes.ToolsCall],
            AllowedTools = ToolNames(flow),
            Prefix = Prefix + kind,
            CreatedAt = run.CreatedAt,
        };
    }

    /// <summary>The run id in the id of a key made by <see cref="ForRun"/>.</summary>
    public static bool TryParseRunKey(string keyId, out string runId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        runId = "";
        if (!IsTrigger(keyId))
        {
            return false;
        }

        var rest = keyId.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            return false;
        }

        runId = rest[(colon + 1)..].ToString();
        return true;
    }

    /// <summary>The catalog tools the version's tool steps (loop bodies included) call; exact names, so each is its own glob.</summary>
    internal static IReadOnlyList<string> ToolNames(CompiledFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Steps.Select(s => s.Tool ?? s.Do?.Tool).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }
}
