namespace McpGateway.Connectors.Configuration;

/// <summary>One policy rule: when <see cref="When"/> holds, <see cref="Action"/> decides the call. First match wins.</summary>
public sealed record RuleConfig
{
    /// <summary>The condition, in the gateway's expression language; empty always matches.</summary>
    public string When { get; init; } = "";

    /// <summary>allow, deny or require_approval.</summary>
    public required string Action { get; init; }

    /// <summary>Why, shown to the caller and the approver.</summary>
    public string? Reason { get; init; }

    /// <summary>human (dashboard, CLI, REST) or client (MCP elicitation inline, when the client supports it).</summary>
    public string Approver { get; init; } = "human";

    /// <summary>The approval contract for require_approval.</summary>
    public ApprovalContractConfig? Contract { get; init; }

    /// <summary>Where it is in the file, for errors.</summary>
    public string Path { get; init; } = "";

    /// <summary>Its line, for errors.</summary>
    public int Line { get; init; }
}
