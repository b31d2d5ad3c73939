namespace McpGateway.Flows.Model;

/// <summary>What started a run.</summary>
public static class RunOrigins
{
    /// <summary>The CLI or the dashboard.</summary>
    public const string Manual = "MANUAL";

    /// <summary>REST or the typed C# API.</summary>
    public const string Api = "API";

    /// <summary>An agent calling <c>flow__{name}</c>.</summary>
    public const string Mcp = "MCP";

    /// <summary><c>POST /hooks/{flow}</c>.</summary>
    public const string Webhook = "WEBHOOK";

    /// <summary>The flow's cron trigger.</summary>
    public const string Cron = "CRON";

    /// <summary>A parent flow's <c>flow</c> step.</summary>
    public const string Flow = "FLOW";

    /// <summary>Every origin, for validation of filters.</summary>
    public static readonly IReadOnlyList<string> All = [Manual, Api, Mcp, Webhook, Cron, Flow];
}
