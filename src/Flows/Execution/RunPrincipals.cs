using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;
using McpGateway.Policy.Callers;

namespace McpGateway.Flows.Execution;

/// <summary>
/// Who a run acts as. A run's tool steps act with the authority of whoever started it, or restarted it by a request
/// (its <see cref="FlowRun.KeyId"/>: a key, or a trigger's principal), and never more than the authors of the versions it
/// runs could: its own version's and those of the runs above it, when it is a sub-run. Keys are read from the store on
/// each call, so revoking the starter's or an author's key stops the run's next tool call.
/// </summary>
public sealed class RunPrincipals(IApiKeyStore keys, IFlowStore flows, IRunStore runs, FlowLimits? limits = null) : IKeyResolver
{
    /// <summary>How many runs up a chain of sub-runs authors are looked for; deeper chains are refused.</summary>
    public const int MaxDepth = 16;

    private const string LegacyKeyActor = "key:";

    private readonly FlowDefinitionCache _definitions = new(limits ?? FlowLimits.Default);

    /// <summary>A stored active key, or the principal of a trigger run (<c>trigger:{kind}:{runId}</c>); null when gone or revoked.</summary>
    public async ValueTask<ApiKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (TriggerPrincipal.TryParseRunKey(keyId, out var runId))
        {
            var run = await runs.GetRunAsync(runId, cancellationToken);
            return run is null ? null : (await TriggerKeyAsync(run, cancellationToken)).Key;
        }

        return await ActiveAsync(keyId, cancellationToken);
    }

    /// <summary>The authority a tool step of <paramref name="run"/> acts with now.</summary>
    public async ValueTask<RunAuthority> AuthorityAsync(FlowRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ApiKey? key = null;
        if (TriggerPrincipal.IsTrigger(run.KeyId))
        {
            var (trigger, refusal) = await TriggerKeyAsync(run, cancellationToken);
            if (trigger is null)
            {
                return RunAuthority.Refused(refusal!);
            }

            key = trigger;
        }
        else if (run.KeyId is { } keyId && (key = await ActiveAsync(keyId, cancellationToken)) is null)
        {
            return RunAuthority.Refused($"The key {keyId} that started (or retried) the run is revoked or gone.");
        }

        var bounds = new List<ApiKey>();
        var current = run;
        for (var depth = 0; current is not null; depth++)
        {
            if (depth >= MaxDepth)
            {
                return RunAuthority.Refused($"Run {run.Id} is more than {MaxDepth} sub-runs deep; its authors cannot be checked.");
            }

            var version = await flows.GetVersionAsync(current.FlowId, current.Version, cancellationToken);
            if (version is null)
            {
                return RunAuthority.Refused($"Version {current.Version} of flow {current.FlowName} is gone; who authored it cannot be checked.");
            }

            var (author, refusal) = await AuthorAsync(version, current.FlowName, cancellationToken);
            if (refusal is not null)
            {
                return RunAuthority.Refused(refusal);
            }

            if (author is not null && !bounds.Any(b => b.Id == author.Id))
            {
                bounds.Add(author);
            }

            current = current.ParentRunId is { } parent ? await runs.GetRunAsync(parent, cancellationToken) : null;
        }

        return new RunAuthority(key, bounds);
    }

    /// <summary>The version's author key, none (saved without a key), or why it cannot act.</summary>
    private async ValueTask<(ApiKey? Author, string? Refusal)> AuthorAsync(FlowVersion version, string flowName, CancellationToken cancellationToken)
    {
        if (version.AuthorKeyId is { } authorId)
        {
            return await ActiveAsync(authorId, cancellationToken) is { } author
                ? (author, null)
                : (null, $"The key {authorId} that authored version {version.Number} of flow {flowName} is revoked or gone; save the version again with a live key.");
        }

        if (version.CreatedBy is { } by && by.StartsWith(LegacyKeyActor, StringComparison.Ordinal))
        {
            // Saved before authors were recorded by id: the active key of that name stands for it.
            var name = by[LegacyKeyActor.Length..];
            var named = (await keys.ListAsync(cancellationToken)).FirstOrDefault(k => k.RevokedAt is null && k.Name == name);
            return named is not null
                ? (named, null)
                : (null, $"No active key is named '{name}', who authored version {version.Number} of flow {flowName}; save the version again with a live key.");
        }

        return (null, null);
    }

    private async ValueTask<(ApiKey? Key, string? Refusal)> TriggerKeyAsync(FlowRun run, CancellationToken cancellationToken)
    {
        if (!TriggerPrincipal.IsTrigger(run.KeyId))
        {
            // Retried by a request since: the trigger no longer acts for this run.
            return (null, $"Run {run.Id} no longer runs as a trigger.");
        }

        var version = await flows.GetVersionAsync(run.FlowId, run.Version, cancellationToken);
        var flow = version is null ? null : _definitions.Get(version).Flow;
        return flow is null
            ? (null, $"Version {run.Version} of flow {run.FlowName} is gone or invalid; the trigger's tools cannot be known.")
            : (TriggerPrincipal.ForRun(run, flow), null);
    }

    private async ValueTask<ApiKey?> ActiveAsync(string keyId, CancellationToken cancellationToken) =>
        await keys.GetAsync(keyId, cancellationToken) is { RevokedAt: null } key ? key : null;
}
