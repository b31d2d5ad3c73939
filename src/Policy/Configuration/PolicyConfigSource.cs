using McpGateway.Connectors.Configuration;

namespace McpGateway.Policy.Configuration;

/// <summary>The current <c>policy:</c> settings; the host swaps in a new instance when <c>connectors.yaml</c> reloads.</summary>
public sealed class PolicyConfigSource(PolicyConfig initial)
{
    private PolicyConfig _current = initial;

    /// <summary>The settings in force.</summary>
    public PolicyConfig Current => Volatile.Read(ref _current);

    /// <summary>Replaces the settings (a validated reload).</summary>
    public void Update(PolicyConfig config) => Volatile.Write(ref _current, config);
}
