namespace McpGateway.Policy.Expressions;

/// <summary>A condition expression could not be parsed; the message names the position and what was expected.</summary>
public sealed class ExpressionException : Exception
{
    internal ExpressionException(int position, string detail)
        : base($"at {position}: {detail}")
    {
        Position = position;
        Detail = detail;
    }

    /// <summary>The 0-based character offset in the expression text where the problem was found.</summary>
    public int Position { get; }

    /// <summary>The message without its <c>at N:</c> prefix.</summary>
    public string Detail { get; }
}
