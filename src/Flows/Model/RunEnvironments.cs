namespace McpGateway.Flows.Model;

/// <summary>Which version a run used: the published one, or any version run as a test.</summary>
public static class RunEnvironments
{
    /// <summary>The published version.</summary>
    public const string Production = "PRODUCTION";

    /// <summary>Any version, run explicitly as a test.</summary>
    public const string Testing = "TESTING";
}
