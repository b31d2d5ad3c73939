using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Tools;

/// <summary>
/// Tools that talk back to the caller while they run: progress notifications, elicitation, sampling.
/// They use the request's own server (<c>context.Server</c>), so over Streamable
/// HTTP the messages travel on the POST response stream of the call.
/// </summary>
internal static class ClientRequestTools
{
    private static readonly TimeSpan StepDelay = TimeSpan.FromMilliseconds(20);

    public static IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(ProgressAsync, new()
        {
            Name = "progress", Description = "Reports steps progress notifications, then returns.", ReadOnly = true,
        });
        yield return McpServerTool.Create(AskUserAsync, new()
        {
            Name = "ask_user", Description = "Asks the user a question through elicitation.", ReadOnly = true,
        });
        yield return McpServerTool.Create(AskThenGiveUpAsync, new()
        {
            Name = "ask_then_give_up",
            Description = "Asks the user through elicitation, then cancels the request (notifications/cancelled) after ms.",
            ReadOnly = true,
        });
        yield return McpServerTool.Create(SummarizeAsync, new()
        {
            Name = "summarize", Description = "Asks the client's model (sampling) to summarize the text.", ReadOnly = true,
        });
    }

    private static async Task<string> ProgressAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("Number of progress notifications to send.")] int steps,
        CancellationToken cancellationToken)
    {
        var token = context.Params?.ProgressToken;
        for (var i = 1; i <= steps; i++)
        {
            if (token is { } progressToken)
            {
                await context.Server.NotifyProgressAsync(
                    progressToken,
                    new ProgressNotificationValue { Progress = i, Total = steps, Message = $"step {i}" },
                    cancellationToken: cancellationToken);
            }

            // Also after the last step: the C# client handles incoming messages concurrently, so a result
            // sent right behind the last notification can overtake it and the client drops the late notice.
            await Task.Delay(StepDelay, cancellationToken);
        }

        return $"done {steps}";
    }

    private static async Task<string> AskUserAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The question to show the user.")] string question,
        CancellationToken cancellationToken)
    {
        var result = await context.Server.ElicitAsync(
            new ElicitRequestParams
            {
                Message = question,
                RequestedSchema = new ElicitRequestParams.RequestSchema
                {
                    Properties = { ["answer"] = new ElicitRequestParams.StringSchema { Description = "Your answer." } },
                    Required = ["answer"],
                },
            },
            cancellationToken);

        return result.Action switch
        {
            "accept" when result.Content?.TryGetValue("answer", out var answer) == true => $"user said: {answer.GetString()}",
            "decline" => "user declined",
            "cancel" => "user cancelled",
            _ => $"unexpected elicitation result '{result.Action}'",
        };
    }

    private static async Task<string> SummarizeAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The text to summarize.")] string text,
        CancellationToken cancellationToken)
    {
        var result = await context.Server.SampleAsync(
            new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = text }] }],
                MaxTokens = 100,
            },
            cancellationToken);

        var reply = string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
        return $"sampled: {reply}";
    }

    private static async Task<string> AskThenGiveUpAsync(
        RequestContext<CallToolRequestParams> context,
        [Description("The question.")] string question,
        [Description("Milliseconds to wait before cancelling.")] int ms,
        CancellationToken cancellationToken)
    {
        // The SDK does not send notifications/cancelled when a request's token fires, so send it by hand.
        var id = new RequestId("upstream-elicit-" + Guid.NewGuid().ToString("N"));
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        giveUp.CancelAfter(ms);
        var request = new ElicitRequestParams
        {
            Message = question,
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = new Dictionary<string, ElicitRequestParams.PrimitiveSchemaDefinition> { ["answer"] = new ElicitRequestParams.StringSchema() },
            },
        };
        try
        {
            var result = await context.Server.SendRequestAsync<ElicitRequestParams, ElicitResult>(
                RequestMethods.ElicitationCreate, request, McpJsonUtilities.DefaultOptions, id, giveUp.Token);
            return "answered: " + result.Action;
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await context.Server.SendNotificationAsync(
                NotificationMethods.CancelledNotification,
                new CancelledNotificationParams { RequestId = id, Reason = "gave up" },
                McpJsonUtilities.DefaultOptions,
                cancellationToken);
            return "gave up waiting";
        }
    }
}
