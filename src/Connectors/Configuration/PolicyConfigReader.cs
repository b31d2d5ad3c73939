using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads the <c>policy:</c> section and the rule, contract, probe and condition shapes tools share with it.</summary>
internal static class PolicyConfigReader
{
    private static readonly string[] RuleActions = ["allow", "deny", "require_approval"];

    public static PolicyConfig Read(YamlNodeReader r, YamlMappingNode? map)
    {
        const string P = "policy";
        var d = new PolicyConfig();
        if (map is null)
        {
            return d;
        }

        r.CheckKeys(map, P, "rules", "max_retries", "retry_base_delay", "idempotency_window", "approval_expires_in", "approval_webhook",
            "breaker_failures", "break_duration", "limits");
        var webhook = r.String(map, "approval_webhook", P);
        if (webhook is not null && (!Uri.TryCreate(webhook, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            r.Error(YamlNodeReader.Get(map, "approval_webhook"), P + ".approval_webhook", $"expected an http(s) URL, got '{webhook}'");
        }

        return new PolicyConfig
        {
            Rules = Rules(r, YamlNodeReader.Get(map, "rules"), P + ".rules"),
            Limits = LimitConfigReader.Read(r, YamlNodeReader.Get(map, "limits"), P + ".limits"),
            MaxRetries = (int)(r.Integer(map, "max_retries", P, 0, 20) ?? d.MaxRetries),
            RetryBaseDelay = r.Duration(map, "retry_base_delay", P) ?? d.RetryBaseDelay,
            IdempotencyWindow = r.Duration(map, "idempotency_window", P) ?? d.IdempotencyWindow,
            ApprovalExpiresIn = r.Duration(map, "approval_expires_in", P) ?? d.ApprovalExpiresIn,
            ApprovalWebhook = webhook,
            BreakerFailures = (int)(r.Integer(map, "breaker_failures", P, 1, 1000) ?? d.BreakerFailures),
            BreakDuration = r.Duration(map, "break_duration", P) ?? d.BreakDuration,
        };
    }

    public static IReadOnlyList<RuleConfig> Rules(YamlNodeReader r, YamlNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode seq)
        {
            r.Error(node, path, "expected a list of rules (- when: ..., action: ...)");
            return [];
        }

        var rules = new List<RuleConfig>();
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var p = $"{path}[{i}]";
            if (r.Mapping(seq.Children[i], p) is not { } body)
            {
                continue;
            }

            r.CheckKeys(body, p, "when", "action", "reason", "approver", "contract");
            var action = r.String(body, "action", p);
            if (action is null || !RuleActions.Contains(action))
            {
                r.Error(YamlNodeReader.Get(body, "action") ?? body, p + ".action", $"expected allow, deny or require_approval, got '{action}'");
                continue;
            }

            var approver = r.String(body, "approver", p) ?? "human";
            if (approver is not ("human" or "client"))
            {
                r.Error(YamlNodeReader.Get(body, "approver"), p + ".approver", $"expected human or client, got '{approver}'");
            }

            var whenNode = YamlNodeReader.Get(body, "when");
            rules.Add(new RuleConfig
            {
                When = r.String(body, "when", p) ?? "",
                Action = action,
                Reason = r.String(body, "reason", p),
                Approver = approver,
                Contract = Contract(r, r.Mapping(YamlNodeReader.Get(body, "contract"), p + ".contract"), p + ".contract"),
                Path = p + ".when",
                Line = (int)(whenNode ?? body).Start.Line,
            });
        }

        return rules;
    }

    public static ToolReference? Reference(YamlNodeReader r, YamlMappingNode? map, string path)
    {
        if (map is null)
        {
            return null;
        }

        r.CheckKeys(map, path, "tool", "args");
        var tool = r.String(map, "tool", path);
        if (string.IsNullOrEmpty(tool))
        {
            r.Error(map, path + ".tool", "expected the name of a read tool");
            return null;
        }

        var args = r.Mapping(YamlNodeReader.Get(map, "args"), path + ".args");
        return new ToolReference { Tool = tool, Args = args is null ? [] : YamlJson.FromMapping(args) };
    }

    public static ProbeConfig? Probe(YamlNodeReader r, YamlMappingNode? map, string path)
    {
        if (map is null)
        {
            return null;
        }

        r.CheckKeys(map, path, "tool", "args", "succeeded_when");
        var call = Reference(r, new YamlMappingNode(map.Children.Where(kv => ((YamlScalarNode)kv.Key).Value is "tool" or "args")), path);
        var conditions = Conditions(r, YamlNodeReader.Get(map, "succeeded_when"), path + ".succeeded_when");
        if (conditions.Count == 0)
        {
            r.Error(map, path + ".succeeded_when", "a probe needs succeeded_when: the conditions on its result that mean the call took effect");
        }

        return call is null ? null : new ProbeConfig { Call = call, SucceededWhen = conditions };
    }

    /// <summary>Conditions as a mapping of field shorthands, a list of expressions, or one expression.</summary>
    public static IReadOnlyList<ConditionConfig> Conditions(YamlNodeReader r, YamlNode? node, string path)
    {
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode { Value: { } text }:
                return [new ConditionConfig(null, text, path, (int)node.Start.Line)];
            case YamlSequenceNode seq:
                return seq.Children.Select((c, i) => c is YamlScalarNode { Value: { } t }
                    ? new ConditionConfig(null, t, $"{path}[{i}]", (int)c.Start.Line)
                    : null).OfType<ConditionConfig>().ToList();
            case YamlMappingNode map:
                return map.Children.Select(kv => new ConditionConfig(
                    ((YamlScalarNode)kv.Key).Value ?? "",
                    (kv.Value as YamlScalarNode)?.Value ?? "",
                    path + "." + ((YamlScalarNode)kv.Key).Value,
                    (int)kv.Value.Start.Line)).ToList();
            default:
                r.Error(node, path, "expected conditions: a mapping like balance: '> 0', or a list of expressions");
                return [];
        }
    }

    private static ApprovalContractConfig? Contract(YamlNodeReader r, YamlMappingNode? map, string path)
    {
        if (map is null)
        {
            return null;
        }

        r.CheckKeys(map, path, "intent", "conditions", "threshold", "expires_in", "expires_at", "allowed_action", "state_refetch");
        DateTimeOffset? expiresAt = null;
        if (r.String(map, "expires_at", path) is { } at)
        {
            if (DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t))
            {
                expiresAt = t;
            }
            else
            {
                r.Error(YamlNodeReader.Get(map, "expires_at"), path + ".expires_at", $"expected an ISO 8601 date-time like 2026-12-31T18:00:00Z, got '{at}'");
            }
        }

        var threshold = r.String(map, "threshold", path) ?? "strict";
        if (threshold is not ("strict" or "conditions"))
        {
            r.Error(YamlNodeReader.Get(map, "threshold"), path + ".threshold", $"expected strict or conditions, got '{threshold}'");
        }

        var allowed = YamlNodeReader.Get(map, "allowed_action") is YamlScalarNode { Value: { } one } ? [one] : r.StringList(map, "allowed_action", path) ?? [];
        return new ApprovalContractConfig
        {
            Intent = r.String(map, "intent", path),
            Conditions = Conditions(r, YamlNodeReader.Get(map, "conditions"), path + ".conditions"),
            Threshold = threshold,
            ExpiresIn = r.Duration(map, "expires_in", path),
            ExpiresAt = expiresAt,
            AllowedActions = allowed,
            StateRefetch = Reference(r, r.Mapping(YamlNodeReader.Get(map, "state_refetch"), path + ".state_refetch"), path + ".state_refetch"),
        };
    }
}
