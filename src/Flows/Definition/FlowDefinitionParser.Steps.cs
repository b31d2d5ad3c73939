using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Policy.Expressions;

namespace McpGateway.Flows.Definition;

internal sealed partial class FlowDefinitionParser
{
    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex KeyPattern();

    private FlowStep? ParseStep(JsonObject obj, int index)
    {
        var key = Str(obj, "key", $"steps[{index}]");
        var path = $"steps[{index}]" + (key is null ? "" : $" ({key})");
        if (key is null)
        {
            _errors.Add($"{path}.key: required");
        }
        else if (!KeyPattern().IsMatch(key))
        {
            _errors.Add($"{path}.key: '{key}' may only use letters, digits, '_' and '-'");
        }

        key ??= $"#{index}";
        var expressions = new List<(string, ConditionExpression)>();
        if (!_stepExpressions.TryAdd(key, expressions))
        {
            _errors.Add($"{path}.key: duplicate key '{key}'");
            return null;
        }

        return ParseBody(obj, path, key, expressions, loopBody: false) is { } step ? step with { Path = path } : null;
    }

    private FlowStep? ParseBody(JsonObject obj, string path, string key, List<(string, ConditionExpression)> expressions, bool loopBody)
    {
        var type = Str(obj, "type", path);
        if (type is null)
        {
            _errors.Add($"{path}.type: required ({string.Join(", ", StepTypes.All)})");
            return null;
        }

        if (loopBody && !StepTypes.LoopBody.Contains(type))
        {
            _errors.Add($"{path}.type: a loop's do may be tool, transform or flow, not '{type}'");
            return null;
        }

        if (!StepTypes.All.Contains(type))
        {
            _errors.Add($"{path}.type: unknown step type '{type}' ({string.Join(", ", StepTypes.All)})");
            return null;
        }

        CheckStepFields(obj, path, type);
        if (loopBody && obj["key"] is not null)
        {
            _errors.Add($"{path}.key: a loop's do has no key");
        }

        var step = new FlowStep
        {
            Key = key,
            Type = type,
            Next = Keys(obj, "next", path),
            DependsOn = Keys(obj, "depends_on", path),
            When = obj["when"] is null ? null : Condition(obj["when"], $"{path}.when", expressions),
            Retry = ParseRetry(obj["retry"], $"{path}.retry"),
            Timeout = obj["timeout"] is { } t ? Duration(t, $"{path}.timeout") : null,
            ContinueOnError = obj["continue_on_error"] is JsonValue c && c.GetValueKind() == JsonValueKind.True,
        };

        return type switch
        {
            StepTypes.Tool => step with
            {
                Tool = Required(obj, "tool", path),
                Args = Template(obj["args"] ?? new JsonObject(), $"{path}.args", expressions),
            },
            StepTypes.Flow => step with
            {
                Flow = Required(obj, "flow", path),
                FlowVersion = ParseFlowVersion(obj["version"], $"{path}.version"),
                Inputs = Template(obj["inputs"] ?? new JsonObject(), $"{path}.inputs", expressions),
                FailParentOnFailure = Flag(obj, "fail_parent_on_failure", path, true),
            },
            StepTypes.Transform => step with
            {
                Value = obj.ContainsKey("value") ? Template(obj["value"], $"{path}.value", expressions) : Missing<FlowTemplate>($"{path}.value"),
            },
            StepTypes.Router => ParseRouter(step, obj, path, expressions),
            StepTypes.Loop => ParseLoop(step, obj, path, key, expressions),
            StepTypes.Approval => step with
            {
                Message = obj["message"] is { } m ? Template(m, $"{path}.message", expressions) : null,
                ExpiresIn = obj["expires_in"] is { } e ? Duration(e, $"{path}.expires_in") : null,
            },
            _ => ParseDelay(step, obj, path, expressions),
        };
    }

    private FlowStep ParseRouter(FlowStep step, JsonObject obj, string path, List<(string, ConditionExpression)> expressions)
    {
        var mode = Str(obj, "mode", path) ?? "first";
        if (mode is not ("first" or "all"))
        {
            _errors.Add($"{path}.mode: '{mode}' is not first or all");
        }

        var routes = new List<FlowRoute>();
        if (obj["routes"] is not JsonArray routeNodes)
        {
            _errors.Add($"{path}.routes: required, a list of {{ when, next }}");
            routeNodes = [];
        }

        for (var i = 0; i < routeNodes.Count; i++)
        {
            var routePath = $"{path}.routes[{i}]";
            if (routeNodes[i] is not JsonObject route)
            {
                _errors.Add($"{routePath}: must be an object with when and next");
                continue;
            }

            CheckFields(route, routePath, RouteFields);
            var when = route["when"] is null ? Missing<ConditionExpression>($"{routePath}.when") : Condition(route["when"], $"{routePath}.when", expressions);
            var next = Keys(route, "next", routePath);
            if (next.Length == 0)
            {
                _errors.Add($"{routePath}.next: required");
            }

            if (when is not null)
            {
                routes.Add(new FlowRoute(when, next));
            }
        }

        return step with { Routes = routes, RouteAll = mode == "all", Default = Keys(obj, "default", path) };
    }

    private FlowStep ParseLoop(FlowStep step, JsonObject obj, string path, string key, List<(string, ConditionExpression)> expressions)
    {
        var items = obj.ContainsKey("items") ? Template(obj["items"], $"{path}.items", expressions) : Missing<FlowTemplate>($"{path}.items");
        var concurrency = 1;
        if (obj["concurrency"] is { } c)
        {
            if (c is not JsonValue cv || !cv.TryGetValue<int>(out concurrency) || concurrency is < 1 or > 32)
            {
                _errors.Add($"{path}.concurrency: must be a whole number from 1 to 32, not {c.ToJsonString()}");
                concurrency = 1;
            }
        }

        FlowStep? body = null;
        if (obj["do"] is JsonObject bodyObj)
        {
            body = ParseBody(bodyObj, $"{path}.do", key, expressions, loopBody: true);
        }
        else
        {
            _errors.Add($"{path}.do: required, one step of type tool, transform or flow");
        }

        return step with { Items = items, Concurrency = concurrency, Do = body };
    }

    private FlowStep ParseDelay(FlowStep step, JsonObject obj, string path, List<(string, ConditionExpression)> expressions)
    {
        var hasDuration = obj["duration"] is not null;
        var hasUntil = obj["until"] is not null;
        if (hasDuration == hasUntil)
        {
            _errors.Add($"{path}: a delay needs exactly one of duration or until");
        }

        return step with
        {
            Duration = hasDuration ? Duration(obj["duration"]!, $"{path}.duration") : null,
            Until = hasUntil ? Template(obj["until"], $"{path}.until", expressions) : null,
        };
    }

    private StepRetry? ParseRetry(JsonNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj || obj["attempts"] is not JsonValue a || !a.TryGetValue<int>(out var attempts) || attempts is < 1 or > 100)
        {
            _errors.Add($"{path}.attempts: required, a whole number from 1 to 100");
            return null;
        }

        CheckFields(obj, path, RetryFields);
        var backoff = obj["backoff"] is { } b ? Duration(b, $"{path}.backoff") ?? TimeSpan.Zero : TimeSpan.FromSeconds(1);
        return new StepRetry(attempts, backoff);
    }

    private string? ParseFlowVersion(JsonNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue v when v.TryGetValue<int>(out var n) && n > 0:
                return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var s && (s == "latest" || (int.TryParse(s, out var sn) && sn > 0)):
                return s;
            default:
                _errors.Add($"{path}: must be a version number or latest, not {node.ToJsonString()}");
                return null;
        }
    }

    private string[] Keys(JsonObject obj, string name, string path)
    {
        switch (obj[name])
        {
            case null:
                return [];
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return [v.GetValue<string>()];
            case JsonArray arr when arr.All(n => n is JsonValue nv && nv.GetValueKind() == JsonValueKind.String):
                return arr.Select(n => n!.GetValue<string>()).ToArray();
            default:
                _errors.Add($"{path}.{name}: must be a step key or a list of step keys");
                return [];
        }
    }

    private string? Required(JsonObject obj, string name, string path)
    {
        var value = Str(obj, name, path);
        if (string.IsNullOrWhiteSpace(value))
        {
            _errors.Add($"{path}.{name}: required");
            return null;
        }

        return value;
    }

    private T? Missing<T>(string path)
        where T : class
    {
        _errors.Add($"{path}: required");
        return null;
    }

    private FlowTemplate Template(JsonNode? node, string path, List<(string, ConditionExpression)> expressions) =>
        FlowTemplate.Compile(node, path, _errors, expressions);

    private ConditionExpression? Condition(JsonNode? node, string path, List<(string, ConditionExpression)> expressions)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            _errors.Add($"{path}: must be a condition string");
            return null;
        }

        var text = v.GetValue<string>().Trim();
        if (text.StartsWith("{{", StringComparison.Ordinal) && text.EndsWith("}}", StringComparison.Ordinal))
        {
            text = text[2..^2];
        }

        if (!ConditionExpression.TryParse(text, FlowTemplate.Roots, out var expression, out var error))
        {
            _errors.Add($"{path}: {error.Message}");
            return null;
        }

        expressions.Add((path, expression));
        return expression;
    }
}
