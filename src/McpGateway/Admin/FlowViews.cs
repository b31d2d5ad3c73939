using System.Text.Json.Nodes;
using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;

namespace McpGateway.Admin;

/// <summary>The JSON shapes of flows, versions, runs and node executions in the admin API (and the CLI that prints them).</summary>
internal static class FlowViews
{
    public static JsonObject Flow(FlowRecord flow) => new()
    {
        ["id"] = flow.Id,
        ["name"] = flow.Name,
        ["external_id"] = flow.ExternalId,
        ["description"] = flow.Description,
        ["folder_id"] = flow.FolderId,
        ["status"] = flow.Status,
        ["tags"] = Strings(flow.Tags),
        ["published_version"] = flow.PublishedVersion,
        ["webhook"] = flow.WebhookSecret is not null,
        ["tool"] = flow.Status == FlowStatuses.Enabled && flow.PublishedVersion is not null ? "flow__" + flow.Name : null,
        ["created_at"] = flow.CreatedAt,
        ["updated_at"] = flow.UpdatedAt,
    };

    public static JsonObject Version(FlowVersion version, bool withDefinition = true)
    {
        var view = new JsonObject
        {
            ["flow_id"] = version.FlowId,
            ["number"] = version.Number,
            ["valid"] = version.Valid,
            ["errors"] = Strings(version.Errors),
            ["notes"] = version.Notes,
            ["created_by"] = version.CreatedBy,
            ["author_key_id"] = version.AuthorKeyId,
            ["created_at"] = version.CreatedAt,
            ["hash"] = version.Hash,
        };
        if (withDefinition)
        {
            view["definition"] = version.Definition.DeepClone();
        }

        return view;
    }

    public static JsonObject Folder(Folder folder) => new()
    {
        ["id"] = folder.Id,
        ["name"] = folder.Name,
        ["created_at"] = folder.CreatedAt,
    };

    public static JsonObject Run(FlowRun run, IReadOnlyList<NodeExecution>? nodes = null)
    {
        var view = new JsonObject
        {
            ["id"] = run.Id,
            ["flow_id"] = run.FlowId,
            ["flow"] = run.FlowName,
            ["version"] = run.Version,
            ["environment"] = run.Environment,
            ["origin"] = run.Origin,
            ["status"] = run.Status,
            ["inputs"] = run.Inputs?.DeepClone(),
            ["outputs"] = run.Outputs?.DeepClone(),
            ["error"] = run.Error,
            ["created_at"] = run.CreatedAt,
            ["started_at"] = run.StartedAt,
            ["finished_at"] = run.FinishedAt,
            ["parent_run_id"] = run.ParentRunId,
            ["tags"] = Strings(run.Tags),
            ["dedup_key"] = run.DedupKey,
            ["agent"] = run.Agent,
            ["key_id"] = run.KeyId,
            ["pause_reason"] = run.PauseReason,
            ["from_run"] = run.FromRunId,
            ["from_step_key"] = run.FromStep,
            ["to_step_key"] = run.ToStep,
        };
        if (nodes is not null)
        {
            view["nodes"] = new JsonArray(nodes.Select(n => (JsonNode)Node(n)).ToArray());
        }

        return view;
    }

    public static JsonObject Run(RunDetails details)
    {
        var view = Run(details.Run, details.Nodes);
        if (details.Usage is { } usage)
        {
            view["usage"] = Usage(usage);
        }

        return view;
    }

    public static JsonObject Usage(RunUsage usage) => new()
    {
        ["tool_calls"] = usage.ToolCalls,
        ["attempts"] = usage.Attempts,
        ["duration_ms"] = usage.DurationMs,
        ["steps"] = new JsonArray(usage.Steps.Select(s => (JsonNode)new JsonObject
        {
            ["step"] = s.Step,
            ["type"] = s.Type,
            ["nodes"] = s.Nodes,
            ["tool_calls"] = s.ToolCalls,
            ["attempts"] = s.Attempts,
            ["duration_ms"] = s.DurationMs,
            ["copied_from"] = s.CopiedFrom,
        }).ToArray()),
        ["connectors"] = new JsonArray(usage.Connectors.Select(c => (JsonNode)new JsonObject
        {
            ["connector"] = c.Connector,
            ["tool_calls"] = c.ToolCalls,
            ["attempts"] = c.Attempts,
        }).ToArray()),
    };

    public static JsonObject Node(NodeExecution node) => new()
    {
        ["step"] = node.StepKey,
        ["iteration"] = node.Iteration,
        ["status"] = node.Status,
        ["input"] = node.Input?.DeepClone(),
        ["output"] = node.Output?.DeepClone(),
        ["attempts"] = node.Attempts,
        ["started_at"] = node.StartedAt,
        ["finished_at"] = node.FinishedAt,
        ["duration_ms"] = node is { StartedAt: { } s, FinishedAt: { } f } ? (long)(f - s).TotalMilliseconds : null,
        ["error"] = node.Error,
        ["execution_id"] = node.ExecutionId,
        ["approval_id"] = node.ApprovalId,
        ["child_run_id"] = node.ChildRunId,
        ["wake_at"] = node.WakeAt,
        ["copied_from"] = node.CopiedFrom,
    };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
