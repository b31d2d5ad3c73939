using YamlDotNet.Core;

namespace McpGateway.Connectors.Configuration;

/// <summary>A YAML document is over one of the <see cref="YamlLimits"/>; the message names the limit.</summary>
internal sealed class YamlLimitException : YamlException
{
    /// <summary>Creates the exception for the node at <paramref name="start"/>..<paramref name="end"/>.</summary>
    public YamlLimitException(Mark start, Mark end, string message)
        : base(start, end, message)
    {
    }
}
