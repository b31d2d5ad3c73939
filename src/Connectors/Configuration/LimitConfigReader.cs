using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads <c>policy.limits</c>: a list of rate and concurrency limits, every error reported with its path.</summary>
internal static partial class LimitConfigReader
{
    /// <summary>What a limit may count by.</summary>
    public static readonly string[] Subjects = ["key", "agent", "tool", "connector"];

    // A window shorter than a second is noise in a shared store; longer than a day is a quota, not a rate.
    private static readonly TimeSpan ShortestWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromDays(1);

    public static IReadOnlyList<LimitConfig> Read(YamlNodeReader r, YamlNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            r.Error(node, path, "expected a list of limits (- name: ..., by: agent, requests: 30, per: 1m)");
            return [];
        }

        var limits = new List<LimitConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var p = $"{path}[{i}]";
            if (r.Mapping(seq.Children[i], p) is not { } body)
            {
                continue;
            }

            // Checked on every entry, valid or not, so a duplicate is reported together with the entry's other errors.
            if (YamlNodeReader.Get(body, "name") is YamlScalarNode { Value: { Length: > 0 } name } nameNode && !names.Add(name))
            {
                r.Error(nameNode, p + ".name", $"another limit is already named '{name}'; names must be unique (a name is its counters' key)");
            }
            else if (Entry(r, body, p) is { } limit)
            {
                limits.Add(limit);
            }
        }

        return limits;
    }

    private static LimitConfig? Entry(YamlNodeReader r, YamlMappingNode body, string p)
    {
        r.CheckKeys(body, p, "name", "by", "tools", "requests", "per", "concurrent");
        var ok = true;
        var name = r.String(body, "name", p);
        if (name is null || !NamePattern().IsMatch(name))
        {
            r.Error(YamlNodeReader.Get(body, "name") ?? body, p + ".name",
                $"a limit needs a name of 1-64 lower-case letters, digits, '-' or '_' (it names the limit's counters), got '{name}'");
            ok = false;
        }

        var by = r.String(body, "by", p);
        if (by is null || !Subjects.Contains(by))
        {
            r.Error(YamlNodeReader.Get(body, "by") ?? body, p + ".by", $"expected key, agent, tool or connector (what one count belongs to), got '{by}'");
            ok = false;
        }

        var tools = YamlNodeReader.Get(body, "tools") is YamlScalarNode { Value: { } one } ? [one] : r.StringList(body, "tools", p) ?? [];
        if (tools.Any(string.IsNullOrWhiteSpace))
        {
            r.Error(YamlNodeReader.Get(body, "tools"), p + ".tools", "expected tool name globs like crm__* (an empty glob matches nothing)");
            ok = false;
        }

        var requests = r.Integer(body, "requests", p, 1, 1_000_000);
        var concurrent = r.Integer(body, "concurrent", p, 1, 10_000);
        var per = r.Duration(body, "per", p);
        if (per is { } window && (window < ShortestWindow || window > LongestWindow))
        {
            r.Error(YamlNodeReader.Get(body, "per"), p + ".per", $"expected a window from 1s to 24h, got '{r.String(body, "per", p)}'");
            ok = false;
        }

        if (YamlNodeReader.Get(body, "requests") is not null && YamlNodeReader.Get(body, "per") is null)
        {
            r.Error(YamlNodeReader.Get(body, "requests"), p + ".per", "'requests' needs 'per', the window they are counted in (30s, 1m, 1h)");
            ok = false;
        }
        else if (YamlNodeReader.Get(body, "per") is not null && YamlNodeReader.Get(body, "requests") is null)
        {
            r.Error(YamlNodeReader.Get(body, "per"), p + ".requests", "'per' needs 'requests', how many calls the window allows");
            ok = false;
        }
        else if (YamlNodeReader.Get(body, "requests") is null && YamlNodeReader.Get(body, "concurrent") is null)
        {
            r.Error(body, p, "a limit needs 'requests' with 'per', or 'concurrent', or both");
            ok = false;
        }

        // A bad number was reported where it was read and leaves its value null: no limit from a half-read entry.
        return ok && (requests is null) == (per is null) && (requests ?? concurrent) is not null
            ? new LimitConfig
            {
                Name = name!,
                By = by!,
                Tools = tools,
                Requests = (int?)requests,
                Per = per,
                Concurrent = (int?)concurrent,
                Path = p,
            }
            : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex NamePattern();
}
