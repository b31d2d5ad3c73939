using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.Connectors.Configuration;

/// <summary>
/// Resolves <c>${env:NAME}</c>, <c>${secret:name}</c> and <c>${secret:name.field}</c> references in configuration
/// values at connect time. Resolved values are secrets: they are collected so the journal can redact them, and never
/// echoed in errors.
/// </summary>
public static partial class ReferenceResolver
{
    private const string Syntax = "write ${env:NAME}, ${secret:name} or ${secret:name.field}";

    /// <summary>Returns a sentence for each malformed or unsupported reference in <paramref name="value"/>.</summary>
    public static IEnumerable<string> FindSyntaxErrors(string value)
    {
        var index = 0;
        while ((index = value.IndexOf("${", index, StringComparison.Ordinal)) >= 0)
        {
            var end = value.IndexOf('}', index);
            if (end < 0)
            {
                yield return $"unterminated reference at character {index + 1}; {Syntax}";
                yield break;
            }

            var body = value[(index + 2)..end];
            var m = ReferencePattern().Match(body);
            if (!m.Success || (m.Groups[1].Value == "secret" && (m.Groups[2].Value.StartsWith('.') || m.Groups[2].Value.EndsWith('.'))))
            {
                yield return $"bad reference '${{{body}}}'; {Syntax}";
            }

            index = end + 1;
        }
    }

    /// <summary>The <c>${secret:…}</c> references in <paramref name="value"/>, as <c>name</c> or <c>name.field</c>.</summary>
    public static IEnumerable<string> FindSecretReferences(string value)
    {
        var index = 0;
        while ((index = value.IndexOf("${", index, StringComparison.Ordinal)) >= 0)
        {
            var end = value.IndexOf('}', index);
            if (end < 0)
            {
                yield break;
            }

            var m = ReferencePattern().Match(value[(index + 2)..end]);
            if (m.Success && m.Groups[1].Value == "secret")
            {
                yield return m.Groups[2].Value;
            }

            index = end + 1;
        }
    }

    /// <summary>Splits a secret reference body into the connection name and the field (null for a bare name).</summary>
    public static (string Name, string? Field) SplitSecret(string reference)
    {
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (reference, null) : (reference[..dot], reference[(dot + 1)..]);
    }

    /// <summary>
    /// Resolves every reference, failing with the names of unset variables or missing secrets (never their values).
    /// <paramref name="secretValues"/> holds the already resolved <c>${secret:…}</c> values by reference body; without
    /// it a secret reference fails.
    /// </summary>
    public static string Resolve(string value, ICollection<string>? resolvedSecrets = null, IReadOnlyDictionary<string, string>? secretValues = null)
    {
        if (!value.Contains("${", StringComparison.Ordinal))
        {
            return value;
        }

        var sb = new StringBuilder();
        var index = 0;
        while (index < value.Length)
        {
            var start = value.IndexOf("${", index, StringComparison.Ordinal);
            if (start < 0)
            {
                sb.Append(value, index, value.Length - index);
                break;
            }

            sb.Append(value, index, start - index);
            var end = value.IndexOf('}', start);
            var m = ReferencePattern().Match(value[(start + 2)..end]);
            var name = m.Groups[2].Value;
            var resolved = m.Groups[1].Value == "secret"
                ? secretValues?.GetValueOrDefault(name) ?? throw new InvalidOperationException($"'${{secret:{name}}}' cannot be resolved here; secrets are available to connector values only")
                : Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"environment variable '{name}' is not set");
            resolvedSecrets?.Add(resolved);
            sb.Append(resolved);
            index = end + 1;
        }

        return sb.ToString();
    }

    [GeneratedRegex("^(env|secret):([A-Za-z0-9_][A-Za-z0-9_.-]*)$")]
    private static partial Regex ReferencePattern();
}
