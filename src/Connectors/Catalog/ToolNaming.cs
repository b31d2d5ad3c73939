using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Connectors.Catalog;

/// <summary>
/// Exported names on the aggregated endpoint: <c>{connector}__{name}</c> restricted to <c>[a-zA-Z0-9_-]{1,64}</c>
/// (Claude's API limit). Other characters become <c>_</c>; a name over 64 characters keeps a prefix and a stable
/// hash; names that still collide get a hash suffix, decided by ordinal order so the result never depends on
/// the order upstreams answered in.
/// </summary>
public static class ToolNaming
{
    /// <summary>The separator between connector and upstream name.</summary>
    public const string Separator = "__";

    /// <summary>Longest exported name.</summary>
    public const int MaxLength = 64;

    /// <summary>Assigns exported names to (connector, upstream name) pairs; the result is independent of input order.</summary>
    public static IReadOnlyDictionary<(string Connector, string Name), string> Assign(IEnumerable<(string Connector, string Name)> items)
    {
        var result = new Dictionary<(string, string), string>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        // Names that are valid as they are win over names that had to be cleaned up to collide with them.
        var ordered = items.Distinct()
            .OrderBy(i => Plain(i.Connector, i.Name) == i.Connector + Separator + i.Name ? 0 : 1)
            .ThenBy(i => i.Connector, StringComparer.Ordinal)
            .ThenBy(i => i.Name, StringComparer.Ordinal)
            .ToList();

        // First pass: every name whose plain form is free keeps it; the rest get a hash suffix.
        var pending = new List<(string, string)>();
        foreach (var item in ordered)
        {
            var plain = Plain(item.Connector, item.Name);
            if (taken.Add(plain))
            {
                result[item] = plain;
            }
            else
            {
                pending.Add(item);
            }
        }

        foreach (var item in pending)
        {
            var name = WithHash(Plain(item.Item1, item.Item2), item.Item1 + "/" + item.Item2);
            for (var salt = 1; !taken.Add(name); salt++)
            {
                name = WithHash(Plain(item.Item1, item.Item2), $"{item.Item1}/{item.Item2}#{salt}");
            }

            result[item] = name;
        }

        return result;
    }

    /// <summary>The plain exported form before collision handling.</summary>
    public static string Plain(string connector, string name)
    {
        var raw = connector + Separator + name;
        var sb = new StringBuilder(raw.Length);
        foreach (var ch in raw)
        {
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_');
        }

        var clean = sb.ToString();
        return clean.Length <= MaxLength ? clean : WithHash(clean, raw);
    }

    private static string WithHash(string name, string seed)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)))[..8];
        var keep = Math.Min(name.Length, MaxLength - hash.Length - 1);
        return name[..keep] + "_" + hash;
    }
}
