using System.ComponentModel;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Tools;

/// <summary>
/// <c>ask_user_mrtr</c> and <c>summarize_mrtr</c>: ask the caller for input the 2026-07-28 way, by answering the
/// first round with an <c>InputRequiredResult</c> and finishing when the request is re-sent with
/// <c>inputResponses</c> and the <c>requestState</c>. On a 2025-11-25 session the SDK turns the same exception into
/// an <c>elicitation/create</c> / <c>sampling/createMessage</c> request of its own.
/// </summary>
#pragma warning disable MCPEXP001 // MRTR (InputRequiredException, InputResponses) is experimental in the SDK.
internal static class MrtrTools
{
    private const string AnswerKey = "answer";
    private const string SummaryKey = "summary";

    public static IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(AskUser, new()
        {
            Name = "ask_user_mrtr",
            Description = "Asks the user a question through an InputRequiredResult (elicitation), then echoes the answer.",
            ReadOnly = true,
        });
        yield return McpServerTool.Create(Summarize, new()
        {
            Name = "summarize_mrtr",
            Description = "Asks the client's model (sampling) through an InputRequiredResult, then returns its reply.",
            ReadOnly = true,
        });
    }

    private static string AskUser(
        RequestContext<CallToolRequestParams> context,
        [Description("The question to show the user.")] string question)
    {
        if (context.Params?.InputResponses is not { } responses || !responses.TryGetValue(AnswerKey, out var response))
        {
            throw new InputRequiredException(
                new Dictionary<string, InputRequest>
                {
                    [AnswerKey] = InputRequest.ForElicitation(new ElicitRequestParams
                    {
                        Message = question,
                        RequestedSchema = new ElicitRequestParams.RequestSchema
                        {
                            Properties = { [AnswerKey] = new ElicitRequestParams.StringSchema { Description = "Your answer." } },
                            Required = [AnswerKey],
                        },
                    }),
                },
                requestState: "asked:" + question);
        }

        if (context.Params.RequestState != "asked:" + question)
        {
            return $"bad request state '{context.Params.RequestState}'";
        }

        var result = response.Deserialize(InputResponse.ElicitResultJsonTypeInfo);
        return result?.Action switch
        {
            "accept" when result.Content?.TryGetValue(AnswerKey, out var answer) == true => $"user said: {answer.GetString()}",
            "decline" => "user declined",
            "cancel" => "user cancelled",
            _ => $"unexpected elicitation result '{result?.Action}'",
        };
    }

    private static string Summarize(
        RequestContext<CallToolRequestParams> context,
        [Description("The text to summarize.")] string text)
    {
        if (context.Params?.InputResponses is not { } responses || !responses.TryGetValue(SummaryKey, out var response))
        {
            throw new InputRequiredException(
                new Dictionary<string, InputRequest>
                {
                    [SummaryKey] = InputRequest.ForSampling(new CreateMessageRequestParams
                    {
                        Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = text }] }],
                        MaxTokens = 100,
                    }),
                },
                requestState: null);
        }

        var result = response.Deserialize(InputResponse.CreateMessageResultJsonTypeInfo);
        return "sampled: " + string.Concat(result?.Content.OfType<TextContentBlock>().Select(block => block.Text) ?? []);
    }
}
#pragma warning restore MCPEXP001
