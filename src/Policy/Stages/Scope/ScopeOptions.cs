namespace McpGateway.Policy.Stages.Scope;

/// <summary>Settings of the scope stage.</summary>
public sealed class ScopeOptions
{
    /// <summary>True unless the configuration says <c>auth: none</c>: a call without a key is refused.</summary>
    public bool AuthRequired { get; init; }
}
