using System.Collections.Concurrent;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Definition;

/// <summary>Compiled versions by (flow id, number): versions are immutable, so an entry never goes stale.</summary>
internal sealed class FlowDefinitionCache(FlowLimits limits)
{
    private readonly ConcurrentDictionary<(string FlowId, int Number), (CompiledFlow? Flow, IReadOnlyList<string> Errors)> _compiled = new();

    /// <summary>The compiled version, or null with its errors (a version saved by an older build may be over today's limits).</summary>
    public (CompiledFlow? Flow, IReadOnlyList<string> Errors) Get(FlowVersion version) =>
        _compiled.GetOrAdd((version.FlowId, version.Number), static (_, state) => FlowDefinitionParser.Parse(state.v.Definition, state.limits), (v: version, limits));

    /// <summary>The compiled version when it is cached already.</summary>
    public CompiledFlow? TryGetCached(string flowId, int number) => _compiled.TryGetValue((flowId, number), out var c) ? c.Flow : null;
}
