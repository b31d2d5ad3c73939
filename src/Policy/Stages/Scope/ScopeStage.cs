using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Arguments;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Scope;

/// <summary>
/// Checks the caller's key against the call: <c>tools:call</c>, the tool allowlist, read-only, and the context gates
/// (envs, workflows, allowed actions, resources matched against <c>*_id</c> argument values); then the same for every
/// key that bounds the caller (<see cref="CallerIdentity.Bounds"/>: a flow version's author).
/// </summary>
public sealed class ScopeStage(ScopeOptions options) : IToolCallStage
{
    /// <inheritdoc />
    public string Name => "scope";

    /// <inheritdoc />
    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
    {
        var key = context.Caller.Key;
        if (key is null && options.AuthRequired)
        {
            context.Record(Name, "unauthenticated");
            return Refuse(ToolCallFault.Unauthorized, "This gateway requires an API key (Authorization: Bearer or X-API-Key); nothing was executed.");
        }

        var problem = key is null ? null : Check(key, context.Card!, context);
        if (problem is not null)
        {
            context.Record(Name, "denied", problem);
            return Refuse(ToolCallFault.Forbidden, $"Key '{key!.Name}' may not make this call: {problem}; nothing was executed.");
        }

        foreach (var bound in context.Caller.Bounds)
        {
            if (Check(bound, context.Card!, context) is { } bounded)
            {
                context.Record(Name, "denied", $"bound by {bound.Id}: {bounded}");
                return Refuse(ToolCallFault.Forbidden,
                    $"The flow version's author, key '{bound.Name}', may not make this call: {bounded}; a run does no more than its author could; nothing was executed.");
            }
        }

        context.Record(Name, key is null ? "auth_off" : "allowed", key is null ? null : Allowed(key, context.Caller.Bounds));
        return next(context);
    }

    /// <summary>Why the caller's key or one of its bounds may not make the call, or null when all may.</summary>
    public static string? CheckAll(CallerIdentity caller, CapabilityCard card, ToolCallContext context)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.Key is { } key && Check(key, card, context) is { } problem)
        {
            return problem;
        }

        foreach (var bound in caller.Bounds)
        {
            if (Check(bound, card, context) is { } bounded)
            {
                return $"the flow version's author '{bound.Name}' may not: {bounded}";
            }
        }

        return null;
    }

    private static string Allowed(ApiKey key, IReadOnlyList<ApiKey> bounds) =>
        bounds.Count == 0 ? key.Id : $"{key.Id} (bounded by {string.Join(", ", bounds.Select(b => b.Id))})";

    /// <summary>Why <paramref name="key"/> may not make the call, or null when it may.</summary>
    public static string? Check(ApiKey key, CapabilityCard card, ToolCallContext context)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(card);
        if (!Scopes.Allows(key.Scopes, Scopes.ToolsCall))
        {
            return "it lacks the tools:call scope";
        }

        if (!KeyAccess.MatchesAllowedTools(key, card.Name))
        {
            return $"'{card.Name}' is not in its allowed tools ({string.Join(", ", key.AllowedTools)})";
        }

        if (key.ReadOnly && !card.ReadOnly)
        {
            return $"it is read-only and '{card.Name}' is not a read-only tool";
        }

        return Gate("environment", key.Envs, context.Caller.Env)
            ?? Gate("workflow", key.Workflows, context.Caller.Workflow)
            ?? Gate("action", key.AllowedActions, context.Caller.Action)
            ?? Resources(key, card, context);
    }

    private static string? Gate(string what, IReadOnlyList<string> allowed, string? claimed)
    {
        if (allowed.Count == 0)
        {
            return null;
        }

        if (claimed is null)
        {
            return $"it is limited to {what}s {string.Join(", ", allowed)} and the call did not declare one";
        }

        return allowed.Contains(claimed, StringComparer.Ordinal) ? null : $"{what} '{claimed}' is not one of {string.Join(", ", allowed)}";
    }

    private static string? Resources(ApiKey key, CapabilityCard card, ToolCallContext context)
    {
        if (key.Resources.Count == 0)
        {
            return null;
        }

        foreach (var (path, value) in EntityArguments.Find(context.ArgumentsObject, card.EntityParams, null))
        {
            if (!key.Resources.Contains(value, StringComparer.Ordinal))
            {
                return $"argument {path} = '{value}' is not one of its resources";
            }
        }

        return null;
    }

    private static ValueTask<ToolCallOutcome> Refuse(ToolCallFault fault, string message) =>
        ValueTask.FromResult(ToolCallOutcome.Refused(ToolCallStatus.Denied, fault, message));
}
