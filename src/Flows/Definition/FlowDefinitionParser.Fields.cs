using System.Text.Json.Nodes;

namespace McpGateway.Flows.Definition;

/// <summary>
/// The fields each part of a definition may have: an unknown one (a typo such as <c>timout</c>) is an error naming its
/// path and the fields allowed there, not a setting silently ignored.
/// </summary>
internal sealed partial class FlowDefinitionParser
{
    private static readonly string[] DefinitionFields = ["inputs", "trigger", "timeout", "steps", "output", "notes"];
    private static readonly string[] TriggerFields = ["type", "cron", "timezone", "missed", "inputs", "sync"];
    private static readonly string[] CommonStepFields = ["key", "type", "next", "depends_on", "when", "retry", "timeout", "continue_on_error", "description"];
    private static readonly string[] RouteFields = ["when", "next", "name"];
    private static readonly string[] RetryFields = ["attempts", "backoff"];

    private static readonly Dictionary<string, string[]> TypeFields = new(StringComparer.Ordinal)
    {
        [StepTypes.Tool] = ["tool", "args"],
        [StepTypes.Flow] = ["flow", "version", "inputs", "fail_parent_on_failure"],
        [StepTypes.Transform] = ["value"],
        [StepTypes.Router] = ["routes", "mode", "default"],
        [StepTypes.Loop] = ["items", "concurrency", "do"],
        [StepTypes.Approval] = ["message", "expires_in"],
        [StepTypes.Delay] = ["duration", "until"],
    };

    private void CheckFields(JsonObject obj, string path, IReadOnlyCollection<string> allowed, IReadOnlyCollection<string>? more = null)
    {
        foreach (var (name, _) in obj)
        {
            if (!allowed.Contains(name) && more?.Contains(name) != true)
            {
                var all = more is null ? allowed : allowed.Concat(more);
                _errors.Add($"{(path.Length == 0 ? "" : path + ".")}{name}: unknown field (allowed here: {string.Join(", ", all)})");
            }
        }
    }

    private void CheckStepFields(JsonObject obj, string path, string type) =>
        CheckFields(obj, path, CommonStepFields, TypeFields.GetValueOrDefault(type));
}
