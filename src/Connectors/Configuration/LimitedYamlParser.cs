using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpGateway.Connectors.Configuration;

/// <summary>
/// Passes a YAML parser's events through, checking them against <see cref="YamlLimits"/> as they stream, so a
/// document over a limit is refused before anything is built from it: nesting (the representation model builds nodes
/// recursively), alias expansion (anything that walks the nodes expands every alias), and mapping keys that are not
/// plain values (lists, mappings, or aliases of them, which readers of this configuration cannot name).
/// </summary>
internal sealed class LimitedYamlParser(IParser inner) : IParser
{
    private readonly Stack<Collection> _open = new();
    private readonly Dictionary<string, (long Size, bool IsScalar)> _anchors = new(StringComparer.Ordinal);
    private long _aliased;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        switch (inner.Current)
        {
            case DocumentStart:
                _anchors.Clear();
                break;
            case Scalar scalar:
                Completed(scalar, 1, isScalar: true);
                break;
            case AnchorAlias alias:
                Alias(alias);
                break;
            case MappingStart or SequenceStart:
                Open((NodeEvent)inner.Current);
                break;
            case MappingEnd or SequenceEnd:
                var closed = _open.Pop();
                Completed(closed.Start, closed.Size + 1, isScalar: false);
                break;
        }

        return true;
    }

    private void Open(NodeEvent start)
    {
        if (_open.TryPeek(out var parent) && parent.ExpectsKey)
        {
            throw new YamlLimitException(start.Start, start.End, "a mapping key must be a plain value, not a list or a mapping");
        }

        if (_open.Count >= YamlLimits.MaxDepth)
        {
            throw new YamlLimitException(start.Start, start.End, $"the document nests more than {YamlLimits.MaxDepth} levels of mappings and lists deep; the limit is {YamlLimits.MaxDepth}");
        }

        _open.Push(new Collection(start, start is MappingStart));
    }

    private void Alias(AnchorAlias alias)
    {
        // An unknown alias is the representation model's error to report; here it counts as one node.
        var (size, isScalar) = _anchors.TryGetValue(alias.Value.Value, out var anchor) ? anchor : (1, true);
        if (!isScalar && _open.TryPeek(out var parent) && parent.ExpectsKey)
        {
            throw new YamlLimitException(alias.Start, alias.End, $"a mapping key must be a plain value, not an alias of a list or a mapping (*{alias.Value.Value})");
        }

        _aliased += size;
        if (_aliased > YamlLimits.MaxAliasedNodes)
        {
            throw new YamlLimitException(alias.Start, alias.End,
                $"aliases expand to more than {YamlLimits.MaxAliasedNodes} nodes (counting each use of an alias as all it names); the limit is {YamlLimits.MaxAliasedNodes}");
        }

        Completed(null, size, isScalar);
    }

    private void Completed(NodeEvent? node, long size, bool isScalar)
    {
        if (node is { Anchor.IsEmpty: false })
        {
            _anchors[node.Anchor.Value] = (size, isScalar);
        }

        if (_open.TryPeek(out var parent))
        {
            parent.Size += size;
            if (parent.IsMapping)
            {
                parent.ExpectsKey = !parent.ExpectsKey;
            }
        }
    }

    /// <summary>A mapping or list not yet closed: how many nodes it holds so far (aliases expanded), and whether a key comes next.</summary>
    private sealed class Collection(NodeEvent start, bool isMapping)
    {
        public NodeEvent Start { get; } = start;

        public bool IsMapping { get; } = isMapping;

        public bool ExpectsKey { get; set; } = isMapping;

        public long Size { get; set; }
    }
}
