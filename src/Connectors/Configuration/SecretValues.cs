using System.Collections.Concurrent;

namespace McpGateway.Connectors.Configuration;

/// <summary>Values resolved from references (<c>${env:…}</c>); the journal redacts them wherever they appear.</summary>
public sealed class SecretValues
{
    private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);

    /// <summary>Remembers a resolved value (values shorter than 4 characters are ignored: too many false hits).</summary>
    public void Add(string value)
    {
        if (value.Length >= 4)
        {
            _values.TryAdd(value, 0);
        }
    }

    /// <summary>True when no value is known.</summary>
    public bool IsEmpty => _values.IsEmpty;

    /// <summary>Replaces every known value in <paramref name="text"/> with <c>[REDACTED]</c>.</summary>
    public string Redact(string text)
    {
        foreach (var value in _values.Keys)
        {
            if (text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return text;
    }
}
