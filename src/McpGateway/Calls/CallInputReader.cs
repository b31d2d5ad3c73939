using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Expressions;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Calls;

/// <summary>
/// Reads the gateway's per-call inputs, the same on MCP (<c>_meta["mcpgw/…"]</c>) and REST (body fields): the
/// resolved entity, the idempotency key, the call options (timeout, retry, fallback, on_failure, verify) and the
/// declared context (agent, env, workflow, action). Bad shapes throw <see cref="CallInputException"/>.
/// </summary>
internal static class CallInputReader
{
    /// <summary>
    /// The longest timeout a caller may ask for (24 hours): a call waits that long at most, and the timer underneath
    /// accepts at most about 49 days.
    /// </summary>
    public const double MaxTimeoutMilliseconds = 24 * 3_600_000d;

    /// <summary>
    /// The caller from the declared context (<c>{agent, env, workflow, action}</c>); a key's agent overrides the declared
    /// one, and <paramref name="fallbackAgent"/> is used when nothing is declared.
    /// </summary>
    public static CallerIdentity Caller(string surface, string? sessionId, ApiKey? key, JsonNode? declared, string? fallbackAgent = null)
    {
        var context = declared switch
        {
            null => null,
            JsonObject o => o,
            _ => throw new CallInputException("The declared context must be an object (agent, env, workflow, action)."),
        };
        string? Declared(string name) => context is null ? null : Str(context, name);
        return CallerIdentity.For(surface, sessionId, key, Declared("agent") ?? fallbackAgent) with
        {
            Env = Declared("env"),
            Workflow = Declared("workflow"),
            Action = Declared("action"),
        };
    }

    public static EntityClaim? Entity(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject o || Str(o, "entity_id") is not { Length: > 0 } id)
        {
            throw new CallInputException("The entity must be an object with entity_id (and source, resolved_at, entity_type).");
        }

        DateTimeOffset? at = null;
        if (Str(o, "resolved_at") is { } text)
        {
            at = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : throw new CallInputException($"entity.resolved_at '{text}' is not a date-time.");
        }

        return new EntityClaim(id, Str(o, "source"), at, Str(o, "entity_type"));
    }

    public static CallOptions? Options(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject o)
        {
            throw new CallInputException("options must be an object (timeout, retry, fallback, on_failure, verify).");
        }

        var onFailure = Str(o, "on_failure");
        if (onFailure is not (null or "error" or "escalate"))
        {
            throw new CallInputException($"options.on_failure must be error or escalate, not '{onFailure}'.");
        }

        return new CallOptions
        {
            Timeout = Duration(o["timeout"], "options.timeout"),
            Retry = o["retry"] is { } r ? Int(r, "options.retry") : null,
            Fallback = Str(o, "fallback"),
            OnFailure = onFailure,
            Verify = Verify(o["verify"]),
        };
    }

    public static VerifyRequest? Verify(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject o)
        {
            throw new CallInputException("verify must be an object (intent, required_fields, assumed_state, conditions, state_refetch, state, on_mismatch).");
        }

        var onMismatch = Str(o, "on_mismatch") ?? "abort";
        if (onMismatch is not ("abort" or "replan"))
        {
            throw new CallInputException($"verify.on_mismatch must be abort or replan, not '{onMismatch}'.");
        }

        return new VerifyRequest
        {
            Intent = Str(o, "intent"),
            RequiredFields = o["required_fields"] is JsonArray fields ? fields.Select(f => f?.GetValue<string>() ?? "").ToList() : [],
            AssumedState = Obj(o, "assumed_state"),
            Conditions = Conditions(o["conditions"]),
            StateRefetch = Reference(o["state_refetch"]),
            State = Obj(o, "state"),
            OnMismatch = onMismatch,
        };
    }

    public static ToolReference? Reference(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o when Str(o, "tool") is { Length: > 0 } tool => new ToolReference { Tool = tool, Args = Obj(o, "args") ?? [] },
        _ => throw new CallInputException("state_refetch must be an object with tool (a read tool) and args."),
    };

    private static List<ConditionConfig> Conditions(JsonNode? node)
    {
        var list = node switch
        {
            null => [],
            JsonValue v when v.GetValueKind() == JsonValueKind.String => [new ConditionConfig(null, v.GetValue<string>(), "verify.conditions", 0)],
            JsonArray a => a.Select((c, i) => new ConditionConfig(null, c?.GetValue<string>() ?? "", $"verify.conditions[{i}]", 0)).ToList(),
            JsonObject o => o.Select(kv => new ConditionConfig(kv.Key, kv.Value is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : kv.Value?.ToJsonString() ?? "null", "verify.conditions." + kv.Key, 0)).ToList(),
            _ => throw new CallInputException("verify.conditions must be an object like {\"balance\": \"> 0\"} or a list of expressions."),
        };
        foreach (var c in list)
        {
            try
            {
                PolicyExpressions.Parse(c);
            }
            catch (ExpressionException ex)
            {
                throw new CallInputException($"{c.Path}: bad condition '{ExpressionLimits.Quote(c.Text)}': {ex.Message}");
            }
        }

        return list;
    }

    public static string? Str(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new CallInputException($"'{name}' must be a string."),
    };

    private static JsonObject? Obj(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonObject inner => (JsonObject)inner.DeepClone(),
        _ => throw new CallInputException($"'{name}' must be an object."),
    };

    private static int Int(JsonNode node, string what) =>
        node is JsonValue v && v.TryGetValue<int>(out var i) && i >= 0 ? i : throw new CallInputException($"{what} must be a whole number ≥ 0.");

    private static TimeSpan? Duration(JsonNode? node, string what)
    {
        if (node is null)
        {
            return null;
        }

        double? ms = node switch
        {
            JsonValue v when v.TryGetValue<double>(out var n) => n,
            JsonValue v when v.GetValueKind() == JsonValueKind.String && ConfigValues.TryParseDuration(v.GetValue<string>(), out var d) => d.TotalMilliseconds,
            _ => null,
        };
        return ms switch
        {
            not > 0 => throw new CallInputException($"{what} must be milliseconds or a duration like 500ms, 5s."),
            > MaxTimeoutMilliseconds => throw new CallInputException($"{what} must be at most {MaxTimeoutMilliseconds / 3_600_000:0}h."),
            _ => TimeSpan.FromMilliseconds(ms.Value),
        };
    }
}
