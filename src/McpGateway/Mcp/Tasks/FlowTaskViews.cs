using System.Globalization;
using System.Text.Json.Nodes;
using McpGateway.Admin;
using McpGateway.Flows.Model;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Journal;

namespace McpGateway.Mcp.Tasks;

/// <summary>How a flow run looks as a task: the task's fields, and an approval it waits on as an elicitation request.</summary>
internal static class FlowTaskViews
{
    /// <summary>How often a client should poll: flows run for seconds to days, and a poll is two reads of the store.</summary>
    public const int PollIntervalMs = 1000;

    /// <summary>The field of an approval's elicitation answer that decides it.</summary>
    public const string ApproveField = "approve";

    /// <summary>
    /// The task's fields. <c>ttlMs</c> is null (unlimited): runs stay in the store until an operator deletes them.
    /// </summary>
    public static JsonObject Task(FlowRun run, IReadOnlyList<NodeExecution> nodes, string status, string? message)
    {
        var task = new JsonObject
        {
            ["taskId"] = run.Id,
            ["status"] = status,
            ["createdAt"] = Iso(run.CreatedAt),
            ["lastUpdatedAt"] = Iso(LastUpdated(run, nodes)),
            ["ttlMs"] = null,
            ["pollIntervalMs"] = PollIntervalMs,
        };
        if (message is not null)
        {
            task["statusMessage"] = message;
        }

        return task;
    }

    /// <summary>
    /// An approval as the <c>elicitation/create</c> request a task shows for it: a sentence, a yes/no field, and under
    /// <c>_meta["mcpgw/approval"]</c> what the dashboard shows (secrets redacted).
    /// </summary>
    public static JsonObject Elicitation(ApprovalRecord approval, ArgumentRedactor redactor)
    {
        var view = ApprovalView.From(approval, redactor);
        var message = approval.Connector == ApprovalKinds.FlowConnector
            ? $"Approve flow {approval.Tool[FlowTools.Prefix.Length..]} ({view["arguments"]?["run_id"]}, step {view["arguments"]?["step"]})? {approval.Reason}"
            : $"Allow '{approval.Tool}' with {view["arguments"]?.ToJsonString()}? {approval.Reason}";
        return new JsonObject
        {
            ["method"] = "elicitation/create",
            ["params"] = new JsonObject
            {
                ["mode"] = "form",
                ["message"] = $"{message.TrimEnd()} (approval {approval.Id})",
                ["requestedSchema"] = new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject
                    {
                        [ApproveField] = new JsonObject
                        {
                            ["type"] = "boolean",
                            ["title"] = "Approve",
                            ["description"] = "true approves, false rejects; cancelling leaves it pending.",
                            ["default"] = false,
                        },
                    },
                    ["required"] = new JsonArray(ApproveField),
                },
                ["_meta"] = new JsonObject { ["mcpgw/approval"] = view },
            },
        };
    }

    private static DateTimeOffset LastUpdated(FlowRun run, IReadOnlyList<NodeExecution> nodes)
    {
        var last = run.FinishedAt ?? run.StartedAt ?? run.CreatedAt;
        foreach (var node in nodes)
        {
            foreach (var at in new[] { node.StartedAt, node.FinishedAt })
            {
                if (at > last)
                {
                    last = at.Value;
                }
            }
        }

        return last;
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
