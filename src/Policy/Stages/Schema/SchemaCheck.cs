namespace McpGateway.Policy.Stages.Schema;

/// <summary>What <see cref="CompiledSchema.Check"/> found: valid, the violations, or why the schema cannot be used.</summary>
/// <param name="Violations">Each violation as <c>path: problem</c>; empty when valid or unusable.</param>
/// <param name="UnusableReason">Why the schema itself cannot check anything (it does not build, or a reference dangles).</param>
public sealed record SchemaCheck(IReadOnlyList<string> Violations, string? UnusableReason = null)
{
    /// <summary>The value matches the schema.</summary>
    public static readonly SchemaCheck Valid = new([]);

    /// <summary>True when the value matches.</summary>
    public bool IsValid => Violations.Count == 0 && UnusableReason is null;

    /// <summary>The value does not match.</summary>
    public static SchemaCheck Invalid(IReadOnlyList<string> violations) => new(violations);

    /// <summary>The schema cannot check anything.</summary>
    public static SchemaCheck Unusable(string reason) => new([], reason);
}
