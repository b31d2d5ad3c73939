using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Flows.Triggers;
using McpGateway.Policy.Expressions;
using McpGateway.Policy.Stages.Schema;

namespace McpGateway.Flows.Definition;

/// <summary>
/// Compiles a version's definition document and lists every error at once, each with the step key and the field path
/// (<c>steps[2] (refund).args.amount: 'steps.lokup' names no step</c>).
/// </summary>
internal sealed partial class FlowDefinitionParser
{
    private readonly List<string> _errors = [];
    private readonly FlowLimits _limits;

    // Expressions per step key (a loop's body counts as the loop), and those of the output template.
    private readonly Dictionary<string, List<(string Path, ConditionExpression Expression)>> _stepExpressions = new(StringComparer.Ordinal);
    private readonly List<(string Path, ConditionExpression Expression)> _outputExpressions = [];

    private FlowDefinitionParser(FlowLimits limits)
    {
        _limits = limits;
    }

    /// <summary>Compiles <paramref name="definition"/> within <paramref name="limits"/>; the flow is null when there is any error.</summary>
    public static (CompiledFlow? Flow, IReadOnlyList<string> Errors) Parse(JsonObject definition, FlowLimits limits)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(limits);
        var parser = new FlowDefinitionParser(limits);
        var flow = parser.ParseDefinition(definition);
        return parser._errors.Count == 0 ? (flow, []) : (null, parser._errors);
    }

    private CompiledFlow? ParseDefinition(JsonObject definition)
    {
        CheckFields(definition, "", DefinitionFields);
        var schema = ParseInputs(definition["inputs"]);
        var trigger = ParseTrigger(definition["trigger"]);
        TimeSpan? timeout = null;
        if (definition["timeout"] is { } t)
        {
            timeout = Duration(t, "timeout");
            if (timeout > _limits.MaxRunDuration)
            {
                _errors.Add($"timeout: {Durations.Format(timeout.Value)} is longer than a run may take, {Durations.Format(_limits.MaxRunDuration)} (the gateway's max_run_duration)");
            }
        }

        var steps = new List<FlowStep>();
        if (definition["steps"] is not JsonArray stepNodes)
        {
            _errors.Add("steps: required, a list of steps");
            stepNodes = [];
        }
        else if (stepNodes.Count > _limits.MaxSteps)
        {
            // Nothing of the steps is compiled: the count alone makes the version invalid, and compiling costs memory.
            _errors.Add($"steps: {stepNodes.Count} steps; a flow may have at most {_limits.MaxSteps} (the gateway's max_flow_steps)");
            return null;
        }

        for (var i = 0; i < stepNodes.Count; i++)
        {
            if (stepNodes[i] is not JsonObject stepObj)
            {
                _errors.Add($"steps[{i}]: a step must be an object");
                continue;
            }

            if (ParseStep(stepObj, i) is { } step)
            {
                steps.Add(step);
            }
        }

        FlowTemplate? output = null;
        if (definition["output"] is { } o)
        {
            output = FlowTemplate.Compile(o, "output", _errors, _outputExpressions);
        }

        var edges = ValidateGraph(steps, stepNodes);
        var connections = CheckConnections();
        return _errors.Count > 0 ? null : new CompiledFlow(steps, edges, schema, trigger, timeout, output) { Connections = connections };
    }

    private CompiledSchema? ParseInputs(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj || obj["type"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "object")
        {
            _errors.Add("inputs: must be an object JSON Schema (type: object)");
            return null;
        }

        // The same validator as the tools' input schemas; a definition's schema has no remote references to fetch.
        var schema = CompiledSchema.For(JsonSerializer.SerializeToElement<JsonNode>(obj));
        if (schema?.Error is { } error)
        {
            _errors.Add($"inputs: not a valid JSON Schema: {error}");
            return null;
        }

        return schema;
    }

    private FlowTrigger? ParseTrigger(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject obj)
        {
            _errors.Add("trigger: must be an object");
            return null;
        }

        CheckFields(obj, "trigger", TriggerFields);
        if (obj["sync"] is { } sync && sync.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            _errors.Add("trigger.sync: must be true or false");
        }

        var type = Str(obj, "type", "trigger") ?? "manual";
        if (type is not ("manual" or "webhook" or "cron"))
        {
            _errors.Add($"trigger.type: unknown trigger type '{type}' (manual, webhook or cron)");
        }

        var cron = Str(obj, "cron", "trigger");
        if (type == "cron" && cron is null)
        {
            _errors.Add("trigger.cron: required for a cron trigger");
        }
        else if (cron is not null && !CronSchedule.IsValid(cron))
        {
            _errors.Add($"trigger.cron: '{cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year])");
        }

        var zone = Str(obj, "timezone", "trigger") ?? "UTC";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            _errors.Add($"trigger.timezone: unknown time zone '{zone}'");
        }

        var missed = Str(obj, "missed", "trigger") ?? FlowTriggerMissed.Skip;
        if (missed is not (FlowTriggerMissed.Skip or FlowTriggerMissed.RunOnce))
        {
            _errors.Add($"trigger.missed: '{missed}' is not skip or run_once");
        }

        var inputs = obj["inputs"];
        if (inputs is not null and not JsonObject)
        {
            _errors.Add("trigger.inputs: must be an object");
        }

        return new FlowTrigger { Type = type, Cron = cron, TimeZone = zone, Missed = missed, Inputs = (inputs as JsonObject)?.DeepClone() as JsonObject };
    }

    private bool Flag(JsonObject obj, string name, string path, bool absent)
    {
        switch (obj[name])
        {
            case null:
                return absent;
            case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return v.GetValueKind() == JsonValueKind.True;
            default:
                _errors.Add($"{path}.{name}: must be true or false");
                return absent;
        }
    }

    private string? Str(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            return v.GetValue<string>();
        }

        _errors.Add($"{path}.{name}: must be a string");
        return null;
    }

    private TimeSpan? Duration(JsonNode node, string path)
    {
        if (Durations.TryParse(node, out var value))
        {
            return value;
        }

        _errors.Add($"{path}: bad duration {node.ToJsonString()} (a whole number with ms, s, m, h or d, e.g. 30s)");
        return null;
    }
}
