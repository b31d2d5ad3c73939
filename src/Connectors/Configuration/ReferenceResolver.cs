using System.Text;
using System.Text.RegularExpressions;

namespace McpGateway.Connectors.Configuration;

/// <summary>
/// Resolves <c>${env:NAME}</c> references in configuration values at connect time. Resolved values are secrets by
/// default: they are collected so the journal can redact them, and never echoed in errors.
/// </summary>
public static partial class ReferenceResolver
{
    /// <summary>Returns a sentence for each malformed or unsupported reference in <paramref name="value"/>.</summary>
    public static IEnumerable<string> FindSyntaxErrors(string value)
    {
        var index = 0;
        while ((index = value.IndexOf("${", index, StringComparison.Ordinal)) >= 0)
        {
            var end = value.IndexOf('}', index);
            if (end < 0)
            {
                yield return $"unterminated reference at character {index + 1}; write ${{env:NAME}}";
                yield break;
            }

            var body = value[(index + 2)..end];
            var m = ReferencePattern().Match(body);
            if (!m.Success)
            {
                yield return $"bad reference '${{{body}}}'; write ${{env:NAME}}";
            }
            else if (m.Groups[1].Value == "secret")
            {
                yield return $"'${{secret:{m.Groups[2].Value}}}' needs the encrypted connections store, which this gateway version does not have yet; use ${{env:NAME}}";
            }

            index = end + 1;
        }
    }

    /// <summary>Resolves every reference, failing with the names of unset variables (never their values).</summary>
    public static string Resolve(string value, ICollection<string>? resolvedSecrets = null)
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
            var resolved = Environment.GetEnvironmentVariable(name)
                ?? throw new InvalidOperationException($"environment variable '{name}' is not set");
            resolvedSecrets?.Add(resolved);
            sb.Append(resolved);
            index = end + 1;
        }

        return sb.ToString();
    }

    [GeneratedRegex("^(env|secret):([A-Za-z_][A-Za-z0-9_.-]*)$")]
    private static partial Regex ReferencePattern();
}
