using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Policy.Configuration;
using Microsoft.Extensions.Logging;

namespace McpGateway.Policy.Stages.Approval;

/// <summary>Posts a JSON message (Slack-compatible <c>text</c>) to the configured webhook for each new pending approval.</summary>
public sealed partial class ApprovalNotifier(PolicyConfigSource policy, HttpClient http, ILogger<ApprovalNotifier> logger)
{
    /// <summary>Sends the notification in the background; a failing webhook never fails the call.</summary>
    public void Notify(ApprovalRecord approval)
    {
        if (policy.Current.ApprovalWebhook is not { } url)
        {
            return;
        }

        _ = SendAsync(url, approval);
    }

    private async Task SendAsync(string url, ApprovalRecord a)
    {
        var message = new JsonObject
        {
            ["text"] = $"Approval needed: {a.Tool} by {a.Agent ?? "an agent"}: {a.Reason ?? "policy requires approval"}. Id {a.Id}; approve or reject in the dashboard (/dashboard/approvals) or with `mcpgw approvals approve {a.Id}`.",
            ["approval_id"] = a.Id,
            ["tool"] = a.Tool,
            ["agent"] = a.Agent,
            ["reason"] = a.Reason,
            ["expires_at"] = a.ExpiresAt,
        };
        try
        {
            using var response = await http.PostAsJsonAsync(url, message);
            if (!response.IsSuccessStatusCode)
            {
                Log.Rejected(logger, a.Id, (int)response.StatusCode);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Log.Failed(logger, a.Id, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Approval webhook answered {Status} for {ApprovalId}")]
        public static partial void Rejected(ILogger logger, string approvalId, int status);

        [LoggerMessage(2, LogLevel.Warning, "Approval webhook failed for {ApprovalId}: {Reason}")]
        public static partial void Failed(ILogger logger, string approvalId, string reason);
    }
}
